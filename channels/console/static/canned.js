/* Admin-Seite „Textbausteine“: anlegen, ändern, löschen (mit dem CSRF-Token der Sitzung). Die Seite kommt fertig vom Server. */
(function () {
  "use strict";
  var csrf = null;
  fetch("/api/me", { credentials: "same-origin" }).then(function (r) { return r.json(); })
    .then(function (me) { csrf = me.csrf; });
  function call(method, path, body) {
    return fetch(path, { method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf || "" },
      body: body === undefined ? undefined : JSON.stringify(body) }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(typeof data.detail === "string" ? data.detail : "Fehler " + r.status);
        return data;
      });
    });
  }
  document.querySelectorAll("form.canned").forEach(function (form) {
    var note = form.querySelector(".note");
    var id = form.getAttribute("data-id");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = { title: form.elements.title.value, body: form.elements.body.value };
      call(id ? "PUT" : "POST", "/api/admin/canned" + (id ? "/" + id : ""), body)
        .then(function () { if (id) note.textContent = "Gespeichert."; else location.reload(); })
        .catch(function (err) { note.textContent = err.message; });
    });
    var del = form.querySelector(".delete");
    if (del) del.addEventListener("click", function () {
      call("DELETE", "/api/admin/canned/" + id).then(function () { location.reload(); })
        .catch(function (err) { note.textContent = err.message; });
    });
  });
})();
