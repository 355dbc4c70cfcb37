/* Servicecenter Region Hannover – Web-Chat-Widget.
 * Einbinden: <script src="https://SERVER/webhooks/webchat/widget.js" data-server="https://SERVER"
 *             data-commune="Burgdorf" defer></script>
 * Spricht das socket.io-Protokoll von Rasa (Engine.IO v4 über WebSocket, selbst geschrieben, ohne Bibliothek).
 * Sprachen und Oberflächentexte kommen vom Server (GET …/webhooks/webchat/ui aus languages.yaml und ui_texts.yaml):
 * eine neue Sprache braucht hier keine Zeile. Jede Nachricht trägt lang und dir ihrer Sprache (WCAG 3.1.2).
 * Alle Texte von Bürgerinnen, Assistent und Mitarbeitenden werden nur über textContent eingesetzt.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__scWebchat) return;
  window.__scWebchat = true;
  var server = (script.getAttribute("data-server") || new URL(script.src).origin).replace(/\/+$/, "");
  var commune = script.getAttribute("data-commune") || "";
  var ownTitle = script.getAttribute("data-title");  // der Titel der Kommune, auf Deutsch
  var startOpen = script.getAttribute("data-open") === "true";
  var storeKey = "sc-webchat:" + server;
  var CALLBACK_PAYLOAD = "Ich bitte um einen Rückruf.";
  var MAX_CHARS = 1000;
  var assets = script.src.replace(/widget\.js([?#].*)?$/, "");

  var state = load();
  function load() {
    try {
      var s = JSON.parse(sessionStorage.getItem(storeKey) || "null");
      if (s && Array.isArray(s.messages)) return s;
    } catch (e) { /* kein Speicher: neues Gespräch */ }
    return { sessionId: null, messages: [], privacyAck: false, status: "bot", language: "de", sentLanguage: "de" };
  }
  function save() {
    try { sessionStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* voll oder gesperrt */ }
  }

  // ---------- Sprachen und Texte ----------
  var ui = null;  // {languages: [{code, name, html_lang, direction}], texts: {code: {key: text}}}
  function language(code) {
    return ui.languages.filter(function (l) { return l.code === code; })[0] || ui.languages[0];
  }
  function t(key, vars, code) {
    var texts = ui.texts[code || state.language] || ui.texts.de;
    return (texts[key] || ui.texts.de[key] || "").replace(/\{(\w+)\}/g, function (m, k) {
      return vars && vars[k] !== undefined ? String(vars[k]) : m;
    });
  }
  function setLang(node, code) {
    var l = language(code);
    node.setAttribute("lang", l.html_lang);
    node.setAttribute("dir", l.direction);
  }

  // ---------- DOM ----------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  document.head.appendChild(el("link", { rel: "stylesheet", href: assets + "widget.css" }));

  var root = el("div", { class: "scw" });
  var launcher = el("button", { type: "button", class: "scw-launcher", "aria-expanded": "false",
    "aria-controls": "scw-panel" });
  var panel = el("section", { id: "scw-panel", class: "scw-panel", "aria-labelledby": "scw-title", hidden: "" });
  var header = el("div", { class: "scw-header" });
  var heading = el("h2", { id: "scw-title" });
  var menuLabel = el("label", { for: "scw-language", class: "scw-sr" });
  var menu = el("select", { id: "scw-language", class: "scw-language" });
  var closeBtn = el("button", { type: "button", class: "scw-close" }, "×");
  [heading, menuLabel, menu, closeBtn].forEach(function (n) { header.appendChild(n); });
  var announcer = el("p", { class: "scw-sr", "aria-live": "polite" });
  var status = el("p", { class: "scw-status", role: "status", "aria-live": "polite" });
  var log = el("ol", { class: "scw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    tabindex: "0" });
  var privacy = el("div", { class: "scw-privacy", role: "note", "aria-labelledby": "scw-privacy-title" });
  var privacyTitle = el("h3", { id: "scw-privacy-title" });
  var privacyData = el("p"), privacyStorage = el("p");
  var aiNotice = el("p", { class: "scw-ai", id: "scw-ai" });  // EU AI Act Art. 50: a machine answers; how to reach a person
  var ack = el("button", { type: "button", class: "scw-ack" });
  [aiNotice, privacyTitle, privacyData, privacyStorage, ack].forEach(function (n) { privacy.appendChild(n); });
  var form = el("form", { class: "scw-form" });
  var inputLabel = el("label", { for: "scw-input", class: "scw-label" });
  var input = el("textarea", { id: "scw-input", rows: "2", maxlength: String(MAX_CHARS), autocomplete: "off",
    "aria-describedby": "scw-hint" });
  var hint = el("span", { id: "scw-hint", class: "scw-hint" });
  var send = el("button", { type: "submit", class: "scw-send" });
  [inputLabel, input, hint, send].forEach(function (n) { form.appendChild(n); });
  // "… schreibt": announced once per burst (the text is set only when it appears), hidden 4 s after the last event
  var typing = el("p", { class: "scw-typing", "aria-live": "polite", hidden: "" });
  [header, announcer, status, privacy, log, typing, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launcher);
  root.appendChild(panel);

  function applyTexts() {
    setLang(root, state.language);
    var title = state.language === "de" && ownTitle ? ownTitle : t("title");
    launcher.textContent = title;
    heading.textContent = title;
    menuLabel.textContent = t("language_label");
    menu.value = state.language;
    closeBtn.setAttribute("aria-label", t("close"));
    log.setAttribute("aria-label", t("log_label"));
    aiNotice.textContent = t("ai_notice");
    privacyTitle.textContent = t("privacy_title");
    privacyData.textContent = t("privacy_data");
    privacyStorage.textContent = t("privacy_storage");
    ack.textContent = t("privacy_ack");
    inputLabel.textContent = t("input_label");
    hint.textContent = t("input_hint");
    send.textContent = t("send");
    renderStatus();
    if (callback) callback.label();
  }
  function switchLanguage(code) {
    if (!ui.texts[code] || code === state.language) return;
    state.language = code; save();
    applyTexts();
    announcer.textContent = "";  // leeren, damit dieselbe Ansage erneut gelesen wird
    setTimeout(function () { announcer.textContent = t("language_now", { name: language(code).name }); }, 50);
  }
  function tellLanguage() {
    // Dem Assistenten erst nach dem Datenschutzhinweis: vorher entsteht kein Gespräch.
    if (!state.privacyAck || state.sentLanguage === state.language) return;
    state.sentLanguage = state.language; save();
    emit("user_uttered", { message: "/set_language" + JSON.stringify({ language: state.language }),
      session_id: state.sessionId, customData: metadata() });
  }
  menu.addEventListener("change", function () { switchLanguage(menu.value); tellLanguage(); });

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
    state.privacyAck = true; save(); renderPrivacy(); tellLanguage(); input.focus();
  });
  function renderPrivacy() {
    privacy.hidden = state.privacyAck;
    input.disabled = !state.privacyAck;
    send.disabled = !state.privacyAck;
  }

  var STATUS_KEY = { waiting: "status_waiting", offline: "status_offline", agent: "status_agent" };
  var connectionLost = false;
  function setStatus(s) {
    state.status = s; save();
    root.setAttribute("data-status", s);
    renderStatus();
  }
  function renderStatus() {
    var key = connectionLost ? "connection_lost" : STATUS_KEY[state.status];
    status.textContent = key ? t(key) : "";
    status.hidden = !key;
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
  var WHO_KEY = { user: "who_user", bot: "who_bot", agent: "who_agent", system: "who_system" };
  function render(msg) {
    if (msg.from === "feedback") { renderFeedback(msg); return; }
    var code = msg.language || "de";  // die Sprache des Gesprächs, als die Nachricht kam
    var li = el("li", { class: "scw-msg scw-" + msg.from });
    setLang(li, code);
    var name = msg.from === "agent" && msg.name ? msg.name : t(WHO_KEY[msg.from], null, code);
    li.appendChild(el("span", { class: "scw-who" }, name + ": "));
    var body = el("div", { class: "scw-text" });
    (msg.text || "").split("\n").forEach(function (line, i) {
      if (i) body.appendChild(el("br"));
      var span = el("span", { class: /^Quelle:/.test(line) ? "scw-source" : "" });
      appendText(span, line);
      body.appendChild(span);
    });
    li.appendChild(body);
    if (msg.buttons && msg.buttons.length) {
      var group = el("div", { class: "scw-buttons", role: "group", "aria-label": t("choices_label", null, code) });
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
  function add(msg) {
    msg.language = state.language;
    state.messages.push(msg); state.messages = state.messages.slice(-200); save(); render(msg);
  }
  function choose(b) {
    if (b.payload === CALLBACK_PAYLOAD) { showCallbackForm(); return; }
    userSays(b.title, b.payload);
  }
  function metadata() { return commune ? { commune: commune } : {}; }
  function userSays(shown, payload) {
    add({ from: "user", text: shown });
    emit("user_uttered", { message: payload, session_id: state.sessionId, customData: metadata() });
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

  var callback = null;  // das offene Rückrufformular: {form, label()}
  function showCallbackForm() {
    if (callback) { callback.form.querySelector("input").focus(); return; }
    var cb = el("form", { class: "scw-callback" });
    var phoneLabel = el("label", { for: "scw-phone" });
    var phone = el("input", { id: "scw-phone", type: "tel", autocomplete: "tel", maxlength: "30", required: "",
      pattern: "[0-9+ /()-]{6,30}" });
    var consent = el("input", { id: "scw-consent", type: "checkbox", required: "" });
    var consentLabel = el("label", { for: "scw-consent" });
    var row = el("div", { class: "scw-consent" });
    row.appendChild(consent);
    row.appendChild(consentLabel);
    var submit = el("button", { type: "submit" });
    [phoneLabel, phone, row, submit].forEach(function (n) { cb.appendChild(n); });
    callback = { form: cb, label: function () {
      phoneLabel.textContent = t("callback_phone");
      consentLabel.textContent = t("callback_consent");
      submit.textContent = t("callback_submit");
    } };
    callback.label();
    cb.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!cb.checkValidity()) { cb.reportValidity(); return; }
      userSays(t("callback_requested", { phone: phone.value }), CALLBACK_PAYLOAD + " Telefon: " + phone.value);
      cb.remove(); callback = null;
      add({ from: "system", text: t("callback_received") });
      input.focus();
    });
    panel.insertBefore(cb, form);
    phone.focus();
  }

  // ---------- „War das hilfreich?“ nach einer Antwort ----------
  var MAX_MISSING = 500;
  function askFeedback(f) {
    // Nur die jüngste Antwort fragt: offene ältere Fragen verschwinden.
    state.messages = state.messages.filter(function (m) { return m.from !== "feedback" || m.done; });
    Array.prototype.forEach.call(log.querySelectorAll(".scw-feedback:not(.scw-done)"), function (n) { n.remove(); });
    var asked = state.messages.filter(function (m) { return m.from === "user"; }).pop();
    add({ from: "feedback", service: String(f.service || ""), aspect: f.aspect ? String(f.aspect) : "",
      question: asked ? asked.text : "" });
  }
  function renderFeedback(msg) {
    var code = msg.language || "de";
    var li = el("li", { class: "scw-msg scw-feedback" + (msg.done ? " scw-done" : "") });
    setLang(li, code);
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    if (msg.done) { li.appendChild(el("span", { class: "scw-text" }, t("feedback_thanks", null, code))); return; }
    li.appendChild(el("span", { class: "scw-text" }, t("feedback_question", null, code)));
    var group = el("div", { class: "scw-buttons", role: "group", "aria-label": t("feedback_question", null, code) });
    var yes = el("button", { type: "button", class: "scw-choice" }, t("feedback_yes", null, code));
    var no = el("button", { type: "button", class: "scw-choice", "aria-expanded": "false" }, t("feedback_no", null, code));
    group.appendChild(yes); group.appendChild(no); li.appendChild(group);
    yes.addEventListener("click", function () { sendFeedback(msg, li, true, ""); });
    no.addEventListener("click", function () {
      if (li.querySelector("form")) return;
      no.setAttribute("aria-expanded", "true");
      var id = "scw-missing-" + state.messages.indexOf(msg);
      var f = el("form", { class: "scw-missing" });
      f.appendChild(el("label", { for: id }, t("feedback_missing", null, code)));
      var text = el("textarea", { id: id, rows: "2", maxlength: String(MAX_MISSING) });
      f.appendChild(text);
      f.appendChild(el("button", { type: "submit", class: "scw-send" }, t("feedback_send", null, code)));
      f.addEventListener("submit", function (e) {
        e.preventDefault();
        sendFeedback(msg, li, false, text.value.trim().slice(0, MAX_MISSING));
      });
      li.appendChild(f);
      text.focus();
    });
  }
  function sendFeedback(msg, li, helpful, missing) {
    var body = { service: msg.service, aspect: msg.aspect, helpful: helpful, commune: commune, language: state.language };
    if (!helpful) { body.missing = missing; body.question = (msg.question || "").slice(0, MAX_CHARS); }
    // text/plain: eine einfache Anfrage ohne Preflight, auch von der Website der Kommune aus
    fetch(server + "/webhooks/webchat/feedback", { method: "POST", body: JSON.stringify(body),
      headers: { "Content-Type": "text/plain;charset=UTF-8" } }).catch(function () { /* nur eine Zählung */ });
    msg.done = true; save();
    while (li.firstChild) li.removeChild(li.firstChild);
    li.className += " scw-done";
    li.appendChild(el("span", { class: "scw-text" }, t("feedback_thanks", null, msg.language || "de")));
    input.focus();
  }

  var AGENT_KEY = { joined: "agent_joined", returned: "agent_returned", closed: "agent_closed" };
  var typingTimer = null;
  function showTyping(agent) {
    if (typing.hidden) { typing.textContent = t("agent_typing", { agent: agent }); typing.hidden = false; }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 4000);
  }
  function hideTyping() { clearTimeout(typingTimer); typing.hidden = true; typing.textContent = ""; }
  function onBot(m) {
    if (!m || typeof m !== "object") return;
    var custom = m.custom;
    if (custom && custom.language) {  // vor den Texten in der neuen Sprache
      state.sentLanguage = custom.language.code; save();
      switchLanguage(custom.language.code);
      return;
    }
    if (custom && custom.handoff) {
      setStatus(custom.handoff.agents_online === false ? "offline" : "waiting");
      return;
    }
    if (custom && custom.agent_event === "typing") { showTyping(custom.agent || t("who_agent")); return; }
    if (custom && custom.feedback) {
      askFeedback(custom.feedback);
      return;
    }
    if (custom && custom.agent_event) {
      hideTyping();
      if (!AGENT_KEY[custom.agent_event]) return;
      setStatus(custom.agent_event === "joined" ? "agent" : "bot");
      add({ from: "system", text: t(AGENT_KEY[custom.agent_event], { agent: custom.agent || t("who_agent") }) });
      return;
    }
    if (custom || typeof m.text !== "string") return;
    var buttons = (m.quick_replies || m.buttons || []).map(function (b) { return { title: b.title, payload: b.payload }; });
    if (m.agent) { hideTyping(); add({ from: "agent", name: m.agent.name, text: m.text }); }
    else add({ from: "bot", text: m.text, buttons: buttons });
  }

  // ---------- Engine.IO v4 / socket.io über WebSocket ----------
  var ws = null, ready = false, outbox = [], retry = 0;
  // Engine.IO: der Server pingt alle pingInterval ms und wartet pingTimeout ms auf die Antwort. Bleibt sein
  // Ping so lange aus, ist die Verbindung halb offen (WLAN gewechselt, Server weg, Proxy hängt): neu verbinden.
  var pingLimit = 0, pingWatch = null;
  function watchPings(socket) {
    clearTimeout(pingWatch);
    if (pingLimit) pingWatch = setTimeout(function () { if (ws === socket) lost(socket); }, pingLimit);
  }
  function lost(socket) {
    if (ws !== socket) return;
    socket.onclose = null; socket.onmessage = null;
    try { socket.close(); } catch (e) { /* schon zu */ }
    clearTimeout(pingWatch);
    ws = null; ready = false; root.setAttribute("data-connected", "false");
    connectionLost = true; renderStatus();
    retry = Math.min(retry + 1, 6);
    setTimeout(function () { if (!panel.hidden) connect(); }, 500 * retry);
  }
  function emit(event, data) {
    var frame = "42" + JSON.stringify([event, data]);
    if (ready && ws && ws.readyState === 1) ws.send(frame); else outbox.push([event, data]);
  }
  function connect() {
    if (ws) return;
    var url = server.replace(/^http/, "ws") + "/socket.io/?EIO=4&transport=websocket";
    var socket = ws = new WebSocket(url);
    ws.onmessage = function (e) {
      var d = String(e.data);
      watchPings(socket);
      if (d === "2") { ws.send("3"); return; }
      if (d.charAt(0) === "0") {
        var open; try { open = JSON.parse(d.slice(1)); } catch (err) { open = {}; }
        pingLimit = (Number(open.pingInterval) || 0) + (Number(open.pingTimeout) || 0);
        watchPings(socket);
        ws.send("40");
        return;
      }
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
          connectionLost = false; renderStatus();
          outbox.splice(0).forEach(function (o) { o[1].session_id = sid; emit(o[0], o[1]); });
        } else if (packet[0] === "bot_uttered") {
          onBot(packet[1]);
        }
      }
    };
    ws.onclose = function () { lost(socket); };
  }

  // ---------- Start: erst mit den Texten der Oberfläche ----------
  function start(loaded) {
    ui = loaded;
    ui.languages.forEach(function (l) {
      menu.appendChild(el("option", { value: l.code, lang: l.html_lang, dir: l.direction }, l.name));
    });
    if (!ui.texts[state.language]) state.language = "de";
    state.sentLanguage = state.sentLanguage || state.language;
    applyTexts();
    document.body.appendChild(root);
    state.messages.forEach(render);
    renderPrivacy();
    setStatus(state.status || "bot");
    if (startOpen || state.open) setOpen(true, true);
  }
  (function fetchTexts(wait) {
    fetch(assets + "ui").then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(start, function () { setTimeout(function () { fetchTexts(Math.min(wait * 2, 30000)); }, wait); });
  })(1000);
})();
