/* Agentenkonsole: Warteschlange live über WebSocket, ein Gespräch übernehmen, antworten, zurückgeben, abschließen.
 * Texte von Bürgerinnen und Bürgern werden ausschließlich über textContent angezeigt (kein innerHTML). */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var me = null, current = null, lastQueue = [], ws = null, retry = 0;
  var REASONS = { request_human: "Wunsch nach Mensch", case_status: "Stand eines Antrags", complaint: "Beschwerde",
    legal: "Rechtsfrage", outside_top100: "außerhalb Top 100", not_helped: "nicht geholfen", frustration: "unzufrieden", not_understood: "nicht verstanden" };
  var STATUS = { waiting: "wartet", claimed: "übernommen", returned: "zurückgegeben", closed: "abgeschlossen" };
  var CHANNELS = { webchat: "Web-Chat", voice: "Telefon", rest: "REST", socketio: "Web-Chat" };
  var FROM = { citizen: "Bürger/in", assistant: "Assistent", agent: "Servicecenter", system: "Hinweis" };

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (me) headers["X-CSRF-Token"] = me.csrf;
    return fetch(path, { method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) { var e = new Error(typeof data.detail === "string" ? data.detail : "Fehler " + r.status); e.status = r.status; throw e; }
        return data;
      });
    });
  }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  // ---------- Anmeldung ----------
  function showLogin() { $("login-view").hidden = false; $("work-view").hidden = true; $("who").hidden = true; $("username").focus(); }
  function showWork() {
    $("login-view").hidden = true; $("work-view").hidden = false; $("who").hidden = false;
    $("agent-name").textContent = me.display_name;
    connect();
  }
  $("login-form").addEventListener("submit", function (e) {
    e.preventDefault();
    $("login-error").textContent = "";
    api("POST", "/api/login", { username: $("username").value, password: $("password").value })
      .then(function (data) { me = data; $("password").value = ""; showWork(); })
      .catch(function (err) { $("login-error").textContent = err.message; $("password").focus(); });
  });
  $("logout").addEventListener("click", function () {
    api("POST", "/api/logout", {}).finally(function () { me = null; if (ws) ws.close(); location.reload(); });
  });

  // ---------- Warteschlange ----------
  function waited(iso) {
    var s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return s < 60 ? s + " s" : Math.floor(s / 60) + " min " + (s % 60) + " s";
  }
  function renderQueue(items) {
    lastQueue = items;
    var list = $("queue");
    var focused = list.contains(document.activeElement) ? document.activeElement.parentNode.getAttribute("data-case") : null;
    list.textContent = "";
    $("queue-empty").hidden = items.length > 0;
    $("queue-count").textContent = String(items.length);
    items.forEach(function (item) {
      var li = el("li", item.emergency ? "emergency" : "");
      li.setAttribute("data-case", item.id);
      var b = el("button");
      b.type = "button";
      b.setAttribute("aria-current", String(current && current.id === item.id));
      b.appendChild(el("span", "wait", "wartet " + waited(item.created_at)));
      b.appendChild(document.createTextNode(" · " + (item.kommune || "Kommune unbekannt")));
      b.appendChild(el("span", "meta", (item.service_name || item.service || "Leistung unbekannt") + " · " + (REASONS[item.reason] || item.reason) +
        " · " + (CHANNELS[item.channel] || item.channel || "Kanal unbekannt")));
      if (item.emergency) b.appendChild(el("span", "badge alarm", "NOTFALL: " + item.emergency + " genannt"));
      if (item.callback) b.appendChild(el("span", "badge", "Rückruf erbeten"));
      if (item.status === "claimed") {
        b.appendChild(el("span", "meta taken", item.claimed_by === me.id ? "von Ihnen übernommen" : "übernommen von " + item.claimed_by_name));
      }
      b.addEventListener("click", function () { openCase(item.id); });
      li.appendChild(b);
      list.appendChild(li);
      if (focused === String(item.id)) b.focus();  // live updates keep the keyboard focus where it was
    });
    if (current) {
      var fresh = items.filter(function (i) { return i.id === current.id; })[0];
      if (fresh && (fresh.status !== current.status || fresh.claimed_by !== current.claimed_by)) openCase(current.id, true);
    }
  }
  setInterval(function () { if (me && lastQueue.length) renderQueue(lastQueue); }, 5000);

  // ---------- Ein Gespräch ----------
  function addLine(m) {
    if ($("transcript").querySelector('[data-id="' + m.id + '"]')) return;
    var li = el("li", "m-" + m.sender);
    li.setAttribute("data-id", m.id);
    li.appendChild(el("span", "from", (m.sender === "agent" && m.author ? m.author + " (Servicecenter)" : FROM[m.sender]) +
      " · " + new Date(m.time).toLocaleTimeString("de-DE")));
    li.appendChild(document.createTextNode(m.text));
    $("transcript").appendChild(li);
    $("transcript").scrollTop = $("transcript").scrollHeight;
  }
  function openCase(id, keepFocus) {
    api("GET", "/api/cases/" + id).then(function (c) {
      var changed = !current || current.id !== c.id;
      current = { id: c.id, status: c.status, claimed_by: c.claimed_by };
      $("case").hidden = false;
      $("case-title").textContent = "Gespräch Nr. " + c.id;
      $("f-service").textContent = c.suggestion ? c.suggestion.service_name + " (" + c.detected.service + ")" : (c.detected.service || "nicht erkannt");
      $("f-aspect").textContent = c.detected.aspect || "–";
      $("f-kommune").textContent = c.detected.kommune || "nicht bekannt";
      $("f-reason").textContent = REASONS[c.reason] || c.reason;
      $("f-status").textContent = STATUS[c.status] + (c.outcome ? " – " + c.outcomes[c.outcome] : "");
      $("suggest").hidden = !c.suggestion;
      $("suggest-text").textContent = c.suggestion ? c.suggestion.text : "";
      if (changed) $("transcript").textContent = "";
      c.transcript.forEach(addLine);
      var mine = c.status === "claimed" && c.claimed_by === me.id;
      $("claim").hidden = c.status !== "waiting";
      $("handback").hidden = !mine; $("close-box").hidden = !mine; $("reply-form").hidden = !mine;
      if (changed) $("case-msg").textContent = "";
      renderQueue(lastQueue);
      if (!keepFocus) $("case-title").focus();
    }).catch(function (err) { $("case-msg").textContent = err.message; });
  }
  $("case-title").setAttribute("tabindex", "-1");
  function act(path, body, done) {
    return api("POST", "/api/cases/" + current.id + path, body).then(function (r) {
      if (done) $("case-msg").textContent = done;
      openCase(current.id, true);
      return r;
    }).catch(function (err) { $("case-msg").textContent = err.message; openCase(current.id, true); });
  }
  $("claim").addEventListener("click", function () {
    act("/claim", {}, "Sie haben das Gespräch übernommen. Der Assistent schweigt, bis Sie es zurückgeben.")
      .then(function () { $("reply").focus(); });
  });
  $("handback").addEventListener("click", function () { act("/handback", {}, "An den Assistenten zurückgegeben."); });
  $("close").addEventListener("click", function () { act("/close", { outcome: $("outcome").value }, "Gespräch abgeschlossen."); });
  $("use-suggest").addEventListener("click", function () { $("reply").value = $("suggest-text").textContent; $("reply").focus(); });
  $("reply-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("reply").value.trim();
    if (!text) return;
    api("POST", "/api/cases/" + current.id + "/reply", { text: text }).then(function (r) {
      $("reply").value = "";
      $("case-msg").textContent = r.delivered ? "Gesendet." : "Gespeichert; der Chat der Bürgerin / des Bürgers ist gerade nicht verbunden.";
    }).catch(function (err) { $("case-msg").textContent = err.message; });
  });

  // ---------- Live ----------
  function connect() {
    if (ws) return;
    ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
    ws.onopen = function () { retry = 0; $("conn").textContent = "verbunden"; $("conn").className = "conn ok"; };
    ws.onmessage = function (e) {
      var msg; try { msg = JSON.parse(e.data); } catch (err) { return; }
      if (msg.type === "queue") renderQueue(msg.items);
      if (msg.type === "messages" && current && msg.case === current.id) msg.items.forEach(addLine);
    };
    ws.onclose = function (e) {
      ws = null; $("conn").textContent = "getrennt – verbinde neu …"; $("conn").className = "conn";
      if (e.code === 4401) { me = null; showLogin(); return; }
      retry = Math.min(retry + 1, 6);
      setTimeout(function () { if (me) connect(); }, 500 * retry);
    };
  }
  setInterval(function () { if (ws && ws.readyState === 1) ws.send("ping"); }, 20000);

  api("GET", "/api/me").then(function (data) { me = data; showWork(); }).catch(showLogin);
})();
