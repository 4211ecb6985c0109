"""The workshop app: stakeholders answer from their phones, the planner watches the group form.

server (start a workshop and serve it), app (the ASGI app and its protections), stakeholder and
planner (the pages' routes), planner_view, group, consequence and judging (what the pages show,
computed by the core), apply (the judgments into the data set), store, models, db and
migrations/ (the database), tokens and guard (who may do what), forms (request bodies), errors
(refusals in plain words), pages, templates/ and static/ (what the browser gets), links (links
and QR codes), workshop (the data set a workshop runs on), state (what requests share).
"""
