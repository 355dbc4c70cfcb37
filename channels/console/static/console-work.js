/* Agentenkonsole, Arbeitsplatz: Team mit Status, Übergabe an eine Kollegin / einen Kollegen, eigener Status und
 * Tastenkürzel (in der Hilfe der Seite aufgeführt). Baut auf console.js auf (window.SCConsole). */
(function () {
  "use strict";
  var C = window.SCConsole, $ = C.$, el = C.el, STATUS_NAMES = C.STATUS_NAMES;
  C.onTeam = function (agents) {
    var me = C.state().me;
    $("team").textContent = "";
    agents.forEach(function (a) {
      $("team").appendChild(el("li", "st-" + a.status, a.display_name + (a.id === me.id ? " (Sie)" : "") + " – " + STATUS_NAMES[a.status]));
    });
    var select = $("transfer-to"), keep = select.value;
    select.textContent = "";
    agents.filter(function (a) { return a.id !== me.id && a.status !== "away"; }).forEach(function (a) {
      var o = el("option", "", a.display_name + " (" + STATUS_NAMES[a.status] + ")"); o.value = a.id; select.appendChild(o);
    });
    select.value = keep;
    $("transfer").disabled = !select.options.length;
  };
  $("transfer").addEventListener("click", function () {
    var to = Number($("transfer-to").value);
    if (!to) return;
    C.act("/transfer", { agent_id: to }, "Übergeben an " + $("transfer-to").selectedOptions[0].textContent + ".");
  });
  $("my-status").addEventListener("change", function () {
    C.api("PUT", "/api/me/status", { status: $("my-status").value }).then(function (r) {
      C.state().me.status = r.status; $("notice").textContent = "Ihr Status: " + STATUS_NAMES[r.status] + ".";
    }).catch(function (err) { $("notice").textContent = err.message; });
  });
  document.addEventListener("keydown", function (e) {  // listed in the page's help (#help)
    var st = C.state(), current = st.current, canned = st.canned;
    if (!e.altKey || e.ctrlKey || e.metaKey || !st.me || $("work-view").hidden) return;
    var visible = function (id) { return current && !$(id).hidden && !$(id).disabled; };
    var digit = /^Digit([1-9])$/.exec(e.code);
    if (e.code === "KeyN") {
      var next = C.arrange(st.queue).filter(function (i) { return i.status === "waiting" && (!current || i.id !== current.id); })[0];
      if (next) C.openCase(next.id); else $("notice").textContent = "Kein weiteres wartendes Gespräch.";
    } else if (e.code === "KeyC") { if (visible("claim")) $("claim").click(); }
    else if (e.code === "KeyA") { if (visible("reply-form")) $("reply").focus(); }
    else if (e.code === "KeyZ") { if (visible("handback")) $("handback").click(); }
    else if (digit) { if (visible("reply-form") && canned[digit[1] - 1]) C.insertCanned(canned[digit[1] - 1].id); }
    else return;
    e.preventDefault();
  });
  if (C.state().team) C.onTeam(C.state().team);  // a team list that came before this script ran
})();
