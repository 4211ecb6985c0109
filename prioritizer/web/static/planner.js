// The planner's page follows the room: the panel is drawn again by the server every few seconds
// and whenever the budget or the aggregation changes (the server recomputes the portfolio).
// Without this script the page still works: the form reloads it with the new values.
"use strict";

(function () {
  const panel = document.getElementById("panel");
  const controls = document.getElementById("controls");
  const status = document.getElementById("status");
  const names = document.getElementById("names-form");
  let timer = null;
  let asked = 0;

  function query() {
    const params = new URLSearchParams(new FormData(controls));
    for (const [name, value] of Array.from(params.entries())) {
      if (!value) params.delete(name);
    }
    return params.toString();
  }

  async function refresh() {
    const search = query();
    const url = panel.dataset.src + (search ? "?" + search : "");
    const mine = ++asked;
    try {
      const reply = await fetch(url, { headers: { "X-Fragment": "1" }, credentials: "same-origin" });
      const text = await reply.text();
      if (mine !== asked) return;
      if (reply.ok) {
        panel.innerHTML = text;
        status.className = "status";
        history.replaceState(null, "", url);
        // the switch for names comes back to the page as it is now (same budgets, aggregation)
        names.action = names.dataset.base + (search ? "?" + search : "");
      } else {
        status.textContent = text;
        status.className = "status shown offline";
      }
    } catch (error) {
      // offline: the next round tries again
    }
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }

  controls.addEventListener("submit", (event) => {
    event.preventDefault();
    refresh();
  });
  controls.addEventListener("input", soon);
  controls.addEventListener("change", soon);
  setInterval(() => {
    if (!document.hidden) refresh();
  }, 5000);
})();
