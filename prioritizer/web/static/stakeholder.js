// The stakeholder's page without reloads: answers are sent in the background, in order; an
// answer that cannot be sent (no connection, server restarting) waits in this device's storage
// and is sent as soon as the server answers again, even after the page is closed and reopened.
// Without this script the page still works: every form posts and the server redirects.
"use strict";

(function () {
  const main = document.getElementById("main");
  const status = document.getElementById("status");
  const key = "prioritizer.pending:" + location.pathname.split("/").slice(0, 3).join("/");
  let sending = false;
  let retry = 1000;
  let hideTimer = null;

  function pending() {
    try {
      return JSON.parse(localStorage.getItem(key) || "[]");
    } catch (error) {
      return [];
    }
  }

  function keep(items) {
    if (items.length) localStorage.setItem(key, JSON.stringify(items));
    else localStorage.removeItem(key);
  }

  function say(text, kind) {
    clearTimeout(hideTimer);
    status.textContent = text;
    status.className = "status shown" + (kind ? " " + kind : "");
    if (kind === "saved") hideTimer = setTimeout(() => { status.className = "status"; }, 1500);
  }

  function sheet() {
    return main.querySelector(".sheet");
  }

  function show(html) {
    main.innerHTML = html;
    const url = sheet() && sheet().dataset.url;
    if (url && url !== location.pathname + location.search) history.replaceState(null, "", url);
  }

  async function load(url, push) {
    try {
      const reply = await fetch(url, { headers: { "X-Fragment": "1" }, credentials: "same-origin" });
      if (!reply.ok) {
        location.href = url;
        return;
      }
      show(await reply.text());
      if (push) history.pushState(null, "", url);
      window.scrollTo(0, 0);
    } catch (error) {
      say(status.dataset.offline, "offline");
    }
  }

  async function flush() {
    if (sending) return;
    sending = true;
    try {
      let items = pending();
      while (items.length) {
        const item = items[0];
        say(status.dataset.saving);
        let reply;
        try {
          reply = await fetch(item.url, {
            method: "POST",
            headers: { "X-Fragment": "1", "Content-Type": "application/x-www-form-urlencoded" },
            body: item.body,
            credentials: "same-origin",
          });
        } catch (error) {
          reply = null;
        }
        if (reply === null || reply.status >= 500) {
          // not sent, or the server could not take it now: kept here and sent again
          const plain = reply && (reply.headers.get("content-type") || "").startsWith("text/plain");
          say(plain ? await reply.text() : status.dataset.offline, "offline");
          setTimeout(flush, retry);
          retry = Math.min(retry * 2, 15000);
          return;
        }
        retry = 1000;
        items = pending().slice(1);
        keep(items);
        const text = await reply.text();
        if (reply.ok) {
          if (!items.length) show(text);
          say(status.dataset.saved, "saved");
        } else {
          say(text, "offline");
          if (reply.status === 409) load(location.pathname + location.search, false);
        }
      }
    } finally {
      sending = false;
    }
  }

  main.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("form[data-enhance]")) return;
    event.preventDefault();
    const data = new FormData(form);
    const button = event.submitter;
    if (button && button.name) data.append(button.name, button.value);
    const items = pending();
    items.push({ url: form.getAttribute("action"), body: new URLSearchParams(data).toString() });
    keep(items);
    flush();
  });

  main.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-pair]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    load(link.getAttribute("href"), true);
  });

  window.addEventListener("popstate", () => load(location.pathname + location.search, false));
  window.addEventListener("online", flush);

  async function checkIn() {
    if (document.hidden || pending().length) return;
    try {
      const reply = await fetch(main.dataset.state, { credentials: "same-origin" });
      if (!reply.ok) return;
      const state = await reply.json();
      const drawn = sheet() && Number(sheet().dataset.version);
      if (state.version !== drawn) load(location.pathname + location.search, false);
    } catch (error) {
      // offline: the next check-in tries again
    }
  }

  setInterval(checkIn, 20000);
  if (pending().length) flush();
  else checkIn();
})();
