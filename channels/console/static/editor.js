/* Redaktionsseite: markiert einen Eintrag oder eine ganze Gruppe als erledigt (mit dem CSRF-Token der Sitzung).
 * Die Seite kommt fertig vom Server; hier werden nur erledigte Zeilen und leere Gruppen entfernt. */
(function () {
  "use strict";
  var csrf = null;
  fetch("/api/me", { credentials: "same-origin" }).then(function (r) { return r.json(); })
    .then(function (me) { csrf = me.csrf; });
  var note = document.getElementById("note");

  document.querySelectorAll("button.done").forEach(function (button) {
    button.addEventListener("click", function () {
      var ids = button.getAttribute("data-ids").split(",").map(Number);
      fetch("/api/editor/done", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf || "" },
        body: JSON.stringify({ ids: ids })
      }).then(function (r) {
        return r.json().then(function (data) {
          if (!r.ok) throw new Error(typeof data.detail === "string" ? data.detail : "Fehler " + r.status);
          return data;
        });
      }).then(function () {
        ids.forEach(function (id) {
          var row = document.querySelector('tr[data-item="' + id + '"]');
          if (row) row.remove();
        });
        document.querySelectorAll("section.group").forEach(function (group) {
          if (!group.querySelector("tr[data-item]")) group.remove();
        });
        note.textContent = ids.length === 1 ? "Eintrag erledigt." : ids.length + " Einträge erledigt.";
      }, function (err) { note.textContent = err.message; });
    });
  });
})();
