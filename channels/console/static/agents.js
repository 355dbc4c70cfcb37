/* Admin-Seite „Agenten und ihre Sprachen“: speichert die angekreuzten Sprachen einer Zeile (mit dem CSRF-Token der Sitzung).
 * Die Liste der Sprachen steht in knowledge/languages.yaml; die Seite kommt schon fertig vom Server. */
(function () {
  "use strict";
  var csrf = null;
  fetch("/api/me", { credentials: "same-origin" }).then(function (r) { return r.json(); })
    .then(function (me) { csrf = me.csrf; });

  function nativeName(lang) {
    var span = document.createElement("span");
    span.lang = lang.html_lang; span.dir = lang.direction; span.textContent = lang.name;
    return span;
  }
  document.querySelectorAll("form.roles").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var note = form.querySelector(".note");
      var roles = Array.prototype.map.call(form.querySelectorAll("input[name=roles]:checked"), function (b) { return b.value; });
      fetch("/api/admin/agents/" + form.getAttribute("data-roles-agent") + "/roles", {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf || "" },
        body: JSON.stringify({ roles: roles })
      }).then(function (r) {
        return r.json().then(function (data) {
          if (!r.ok) throw new Error(typeof data.detail === "string" ? data.detail : "Fehler " + r.status);
          note.textContent = "Rollen gespeichert.";
        });
      }).catch(function (err) { note.textContent = err.message; });
    });
  });
  document.querySelectorAll("form.spoken").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var note = form.querySelector(".note");
      var codes = Array.prototype.map.call(form.querySelectorAll("input[name=languages]:checked"), function (b) { return b.value; });
      if (!codes.length) { note.textContent = "Bitte mindestens eine Sprache ankreuzen."; return; }
      fetch("/api/admin/agents/" + form.getAttribute("data-agent") + "/languages", {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf || "" },
        body: JSON.stringify({ languages: codes })
      }).then(function (r) {
        return r.json().then(function (data) {
          if (!r.ok) throw new Error(typeof data.detail === "string" ? data.detail : "Fehler " + r.status);
          return data;
        });
      }).then(function (agent) {
        var cell = document.getElementById("spoken-" + agent.id);
        cell.textContent = "";
        agent.languages.forEach(function (lang, n) {
          if (n) cell.appendChild(document.createTextNode(", "));
          if (lang.name_de === lang.name) { cell.appendChild(nativeName(lang)); return; }
          cell.appendChild(document.createTextNode(lang.name_de + " ("));
          cell.appendChild(nativeName(lang));
          cell.appendChild(document.createTextNode(")"));
        });
        note.textContent = "Gespeichert.";
      }).catch(function (err) { note.textContent = err.message; });
    });
  });
})();
