"""What a person reads: number formats, rich renderables, exported files and JSON documents."""
