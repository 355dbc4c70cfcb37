/* Servicecenter Region Hannover – Web-Chat-Widget.
 * Einbinden: <script src="https://SERVER/webhooks/webchat/widget.js" data-server="https://SERVER"
 *             data-commune="Burgdorf" defer></script>
 * Spricht das socket.io-Protokoll von Rasa (Engine.IO v4 über WebSocket, selbst geschrieben, ohne Bibliothek).
 * Alle Texte von Bürgerinnen, Assistent und Mitarbeitenden werden nur über textContent eingesetzt.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__scWebchat) return;
  window.__scWebchat = true;
  var server = (script.getAttribute("data-server") || new URL(script.src).origin).replace(/\/+$/, "");
  var commune = script.getAttribute("data-commune") || "";
  var title = script.getAttribute("data-title") || "Chat mit dem Servicecenter";
  var startOpen = script.getAttribute("data-open") === "true";
  var storeKey = "sc-webchat:" + server;
  var CALLBACK_PAYLOAD = "Ich bitte um einen Rückruf.";
  var MAX_CHARS = 1000;

  var state = load();
  function load() {
    try {
      var s = JSON.parse(sessionStorage.getItem(storeKey) || "null");
      if (s && Array.isArray(s.messages)) return s;
    } catch (e) { /* kein Speicher: neues Gespräch */ }
    return { sessionId: null, messages: [], privacyAck: false, status: "bot" };
  }
  function save() {
    try { sessionStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* voll oder gesperrt */ }
  }

  // ---------- DOM ----------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  var css = el("link", { rel: "stylesheet", href: script.src.replace(/widget\.js([?#].*)?$/, "widget.css") });
  document.head.appendChild(css);

  var root = el("div", { class: "scw", lang: "de" });
  var launcher = el("button", { type: "button", class: "scw-launcher", "aria-expanded": "false",
    "aria-controls": "scw-panel" }, title);
  var panel = el("section", { id: "scw-panel", class: "scw-panel", "aria-labelledby": "scw-title", hidden: "" });
  var header = el("div", { class: "scw-header" });
  header.appendChild(el("h2", { id: "scw-title" }, title));
  var closeBtn = el("button", { type: "button", class: "scw-close", "aria-label": "Chat schließen" }, "×");
  header.appendChild(closeBtn);
  var status = el("p", { class: "scw-status", role: "status", "aria-live": "polite" });
  var log = el("ol", { class: "scw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": "Gesprächsverlauf", tabindex: "0" });
  var privacy = el("div", { class: "scw-privacy", role: "note", "aria-labelledby": "scw-privacy-title" });
  privacy.appendChild(el("h3", { id: "scw-privacy-title" }, "Hinweis zum Datenschutz"));
  privacy.appendChild(el("p", {}, "Für Auskünfte brauchen wir keine persönlichen Daten. Bitte nennen Sie keine " +
    "Namen, Adressen, Aktenzeichen oder Gesundheitsdaten."));
  privacy.appendChild(el("p", {}, "Gespeichert werden Ihre Nachrichten und die Antworten, damit das Gespräch " +
    "weiterlaufen kann und eine Mitarbeiterin oder ein Mitarbeiter es bei Bedarf übernehmen kann. Gespräche " +
    "ohne Übergabe werden 7 Tage nach der letzten Nachricht gelöscht, übergebene 30 Tage nach Abschluss. " +
    "In Ihrem Browser bleibt der Verlauf nur, bis Sie den Tab schließen."));
  var ack = el("button", { type: "button", class: "scw-ack" }, "Verstanden – Chat beginnen");
  privacy.appendChild(ack);
  var form = el("form", { class: "scw-form" });
  var inputId = "scw-input";
  form.appendChild(el("label", { for: inputId, class: "scw-label" }, "Ihre Nachricht"));
  var input = el("textarea", { id: inputId, rows: "2", maxlength: String(MAX_CHARS), autocomplete: "off",
    "aria-describedby": "scw-hint" });
  form.appendChild(input);
  form.appendChild(el("span", { id: "scw-hint", class: "scw-hint" }, "Eingabetaste sendet, Umschalt+Eingabe neue Zeile."));
  var send = el("button", { type: "submit", class: "scw-send" }, "Senden");
  form.appendChild(send);
  [header, status, privacy, log, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launcher);
  root.appendChild(panel);
  document.body.appendChild(root);

  function setOpen(open, quiet) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.hidden = open;
    state.open = open; save();
    if (open) connect();
    if (quiet) return;  // nach einem Neuladen den Fokus nicht wegnehmen
    if (open) (state.privacyAck ? input : ack).focus();
    else launcher.focus();
  }
  launcher.addEventListener("click", function () { setOpen(true); });
  closeBtn.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") setOpen(false); });
  ack.addEventListener("click", function () {
    state.privacyAck = true; save(); renderPrivacy(); input.focus();
  });
  function renderPrivacy() {
    privacy.hidden = state.privacyAck;
    input.disabled = !state.privacyAck;
    send.disabled = !state.privacyAck;
  }

  var STATUS_TEXT = {
    bot: "",
    waiting: "Sie sind in der Warteschlange für eine Mitarbeiterin oder einen Mitarbeiter des Servicecenters.",
    offline: "Zurzeit ist niemand aus dem Servicecenter erreichbar. Ihr Anliegen bleibt gespeichert.",
    agent: "Eine Mitarbeiterin oder ein Mitarbeiter des Servicecenters ist jetzt im Chat."
  };
  function setStatus(s) {
    state.status = s; save();
    status.textContent = STATUS_TEXT[s] || "";
    status.hidden = !STATUS_TEXT[s];
    root.setAttribute("data-status", s);
  }

  // ---------- Nachrichten ----------
  var LINK = /(https?:\/\/[^\s)]+|\b115\b)/g;
  function appendText(node, text) {
    // Links und die 115 als echte Links, alles andere als Text.
    var last = 0;
    text.replace(LINK, function (m, _g, at) {
      node.appendChild(document.createTextNode(text.slice(last, at)));
      var href = m === "115" ? "tel:115" : m.replace(/[.,;]$/, "");
      var a = el("a", { href: href }, m === "115" ? "115" : href);
      if (m !== "115") { a.setAttribute("target", "_blank"); a.setAttribute("rel", "noopener noreferrer"); }
      node.appendChild(a);
      last = at + (m === "115" ? 3 : href.length);
      return m;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
  }
  var WHO = { user: "Sie", bot: "Assistent", agent: "Servicecenter", system: "Hinweis" };
  function render(msg) {
    var li = el("li", { class: "scw-msg scw-" + msg.from });
    var who = el("span", { class: "scw-who" }, (msg.from === "agent" && msg.name ? msg.name : WHO[msg.from]) + ": ");
    li.appendChild(who);
    var body = el("div", { class: "scw-text" });
    (msg.text || "").split("\n").forEach(function (line, i) {
      if (i) body.appendChild(el("br"));
      var span = el("span", { class: /^Quelle:/.test(line) ? "scw-source" : "" });
      appendText(span, line);
      body.appendChild(span);
    });
    li.appendChild(body);
    if (msg.buttons && msg.buttons.length) {
      var group = el("div", { class: "scw-buttons", role: "group", "aria-label": "Antwortvorschläge" });
      msg.buttons.forEach(function (b) {
        var btn = el("button", { type: "button", class: "scw-choice" }, b.title);
        btn.addEventListener("click", function () { choose(b); });
        group.appendChild(btn);
      });
      li.appendChild(group);
    }
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }
  function add(msg) { state.messages.push(msg); state.messages = state.messages.slice(-200); save(); render(msg); }
  function choose(b) {
    if (b.payload === CALLBACK_PAYLOAD) { showCallbackForm(); return; }
    userSays(b.title, b.payload);
  }
  function userSays(shown, payload) {
    add({ from: "user", text: shown });
    emit("user_uttered", { message: payload, session_id: state.sessionId, customData: commune ? { commune: commune } : {} });
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim().slice(0, MAX_CHARS);
    if (!text || !state.privacyAck) return;
    input.value = "";
    userSays(text, text);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : send.click(); }
  });

  function showCallbackForm() {
    if (panel.querySelector(".scw-callback")) { panel.querySelector(".scw-callback input").focus(); return; }
    var cb = el("form", { class: "scw-callback" });
    cb.appendChild(el("label", { for: "scw-phone" }, "Telefonnummer für den Rückruf"));
    var phone = el("input", { id: "scw-phone", type: "tel", autocomplete: "tel", maxlength: "30", required: "",
      pattern: "[0-9+ /()-]{6,30}" });
    cb.appendChild(phone);
    var consentId = "scw-consent";
    var consent = el("input", { id: consentId, type: "checkbox", required: "" });
    var row = el("div", { class: "scw-consent" });
    row.appendChild(consent);
    row.appendChild(el("label", { for: consentId }, "Ich bin einverstanden, dass das Servicecenter mich unter " +
      "dieser Nummer zu meinem Anliegen zurückruft. Die Nummer wird nur dafür verwendet und mit dem Fall gelöscht."));
    cb.appendChild(row);
    cb.appendChild(el("button", { type: "submit" }, "Rückruf anfordern"));
    cb.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!cb.checkValidity()) { cb.reportValidity(); return; }
      userSays("Rückruf angefordert: " + phone.value, CALLBACK_PAYLOAD + " Telefon: " + phone.value);
      cb.remove();
      add({ from: "system", text: "Ihre Bitte um Rückruf ist eingegangen. Wir melden uns in den Servicezeiten." });
      input.focus();
    });
    panel.insertBefore(cb, form);
    phone.focus();
  }

  function onBot(m) {
    if (!m || typeof m !== "object") return;
    var custom = m.custom;
    if (custom && custom.handoff) {
      setStatus(custom.handoff.agents_online === false ? "offline" : "waiting");
      return;
    }
    if (custom && custom.agent_event) {
      var texts = {
        joined: [custom.agent || "Servicecenter", "ist jetzt für Sie da und liest Ihr bisheriges Gespräch mit."],
        returned: ["", "Der Assistent ist wieder für Sie da."],
        closed: ["", "Das Gespräch mit dem Servicecenter ist beendet. Der Assistent ist wieder für Sie da."]
      }[custom.agent_event];
      if (!texts) return;
      setStatus(custom.agent_event === "joined" ? "agent" : "bot");
      add({ from: "system", text: (texts[0] ? texts[0] + " " : "") + texts[1] });
      return;
    }
    if (custom || typeof m.text !== "string") return;
    var buttons = (m.quick_replies || m.buttons || []).map(function (b) { return { title: b.title, payload: b.payload }; });
    if (m.agent) add({ from: "agent", name: m.agent.name, text: m.text });
    else add({ from: "bot", text: m.text, buttons: buttons });
  }

  // ---------- Engine.IO v4 / socket.io über WebSocket ----------
  var ws = null, ready = false, outbox = [], retry = 0;
  function emit(event, data) {
    var frame = "42" + JSON.stringify([event, data]);
    if (ready && ws && ws.readyState === 1) ws.send(frame); else outbox.push([event, data]);
  }
  function connect() {
    if (ws) return;
    var url = server.replace(/^http/, "ws") + "/socket.io/?EIO=4&transport=websocket";
    ws = new WebSocket(url);
    ws.onmessage = function (e) {
      var d = String(e.data);
      if (d === "2") { ws.send("3"); return; }
      if (d.charAt(0) === "0") { ws.send("40"); return; }
      if (d.indexOf("40") === 0) {
        ws.send("42" + JSON.stringify(["session_request", { session_id: state.sessionId }]));
        return;
      }
      if (d.indexOf("42") === 0) {
        var packet; try { packet = JSON.parse(d.slice(2)); } catch (err) { return; }
        if (packet[0] === "session_confirm") {
          var sid = typeof packet[1] === "string" ? packet[1] : (packet[1] || {}).session_id;
          state.sessionId = sid; save(); ready = true; retry = 0;
          root.setAttribute("data-connected", "true");
          outbox.splice(0).forEach(function (o) { o[1].session_id = sid; emit(o[0], o[1]); });
        } else if (packet[0] === "bot_uttered") {
          onBot(packet[1]);
        }
      }
    };
    ws.onclose = function () {
      ws = null; ready = false; root.setAttribute("data-connected", "false");
      retry = Math.min(retry + 1, 6);
      setTimeout(function () { if (!panel.hidden) connect(); }, 500 * retry);
    };
  }

  // ---------- Start ----------
  state.messages.forEach(render);
  renderPrivacy();
  setStatus(state.status || "bot");
  if (startOpen || state.open) setOpen(true, true);
})();
