/* Agentenkonsole: Warteschlange live über WebSocket, ein Gespräch übernehmen, antworten, zurückgeben, abschließen.
 * Texte von Bürgerinnen und Bürgern werden ausschließlich über textContent angezeigt (kein innerHTML). */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var me = null, current = null, lastQueue = [], ws = null, retry = 0;
  var alarmMinutes = 5, announced = {}, canned = [], lastTyping = 0, lastTeam = null;
  var STATUS_NAMES = { available: "verfügbar", busy: "beschäftigt", away: "abwesend" };
  var GERMAN = { code: "de", name: "Deutsch", name_de: "Deutsch", html_lang: "de", direction: "ltr" };
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
  // A language as the console shows it: German name, then the native name spoken in its own language.
  function languageLabel(lang) {
    var span = el("span", "lang-tag", lang.name_de === lang.name ? undefined : lang.name_de + " (");
    var own = el("span", "", lang.name);
    own.lang = lang.html_lang; own.dir = lang.direction;
    span.appendChild(own);
    if (lang.name_de !== lang.name) span.appendChild(document.createTextNode(")"));
    return span;
  }
  function speaks(lang) {  // as channels/console/languages.py: by html_lang (German covers Leichte Sprache)
    return me.languages.some(function (l) { return l.html_lang === lang.html_lang; });
  }
  // The same view as GET /api/queue?language=…&commune=…&reason=…&channel=…&mine=… (the live queue comes
  // ordered by urgency, then waiting time, and is the same for every agent; an emergency stays in every view).
  function arrange(items) {
    var language = $("queue-language").value, mine = $("queue-mine").value;
    var commune = $("queue-commune").value, reason = $("queue-reason").value, channel = $("queue-channel").value;
    var shown = items.filter(function (i) {
      return i.emergency || ((!language || i.language.code === language) && (mine !== "only" || speaks(i.language)) &&
        (!commune || i.kommune === commune) && (!reason || i.reason === reason) && (!channel || i.channel === channel));
    });
    if (mine !== "first") return shown;
    var rank = function (i) { return (i.emergency ? 0 : 2) + (speaks(i.language) ? 0 : 1); };
    return shown.map(function (i, n) { return [i, n]; })
      .sort(function (a, b) { return rank(a[0]) - rank(b[0]) || a[1] - b[1]; })
      .map(function (pair) { return pair[0]; });
  }

  // ---------- Anmeldung ----------
  function showLogin() { $("login-view").hidden = false; $("work-view").hidden = true; $("who").hidden = true; $("username").focus(); }
  function fillSelect(select, labels) {
    Object.keys(labels).forEach(function (key) { var o = el("option", "", labels[key]); o.value = key; select.appendChild(o); });
  }
  function showWork() {
    var agent = me.roles.indexOf("agent") >= 0;
    $("login-view").hidden = true; $("work-view").hidden = !agent; $("who").hidden = false; $("no-cases").hidden = agent;
    $("admin-canned").hidden = !(me.is_admin || me.roles.indexOf("editor") >= 0);
    $("my-status").value = me.status; $("my-status").hidden = !agent; $("my-status").previousElementSibling.hidden = !agent;
    $("agent-name").textContent = me.display_name;
    $("agent-languages").textContent = "";
    me.languages.forEach(function (lang, n) {
      if (n) $("agent-languages").appendChild(document.createTextNode(", "));
      $("agent-languages").appendChild(languageLabel(lang));
    });
    $("admin-agents").hidden = !me.is_admin;
    $("editor-link").hidden = !(me.is_admin || (me.roles || []).indexOf("editor") >= 0);
    $("admin-stats").hidden = !me.is_admin;
    if (!agent) return;
    api("GET", "/api/queue/filters").then(function (f) {
      alarmMinutes = f.wait_alarm_minutes;
      var communes = {}; f.communes.forEach(function (c) { communes[c] = c; });
      fillSelect($("queue-commune"), communes); fillSelect($("queue-reason"), f.reasons); fillSelect($("queue-channel"), f.channels);
    });
    loadCanned();
    api("GET", "/api/languages").then(function (all) {
      var select = $("queue-language");
      all.forEach(function (lang) {
        var option = el("option", "", lang.name_de === lang.name ? lang.name : lang.name_de + " – " + lang.name);
        option.value = lang.code;
        select.appendChild(option);
      });
    });
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
  function renderQueue(all) {
    lastQueue = all;
    var items = arrange(all);
    var list = $("queue");
    var focused = list.contains(document.activeElement) ? document.activeElement.parentNode.getAttribute("data-case") : null;
    list.textContent = "";
    $("queue-empty").hidden = items.length > 0;
    $("queue-empty").textContent = all.length ? "Keine Gespräche in dieser Auswahl." : "Keine wartenden Gespräche.";
    $("queue-count").textContent = String(items.length);
    items.forEach(function (item) {
      var late = item.status === "waiting" && Date.now() - Date.parse(item.created_at) > alarmMinutes * 60000;
      var li = el("li", item.emergency ? "emergency" : late ? "late" : "");
      li.setAttribute("data-case", item.id);
      var b = el("button");
      b.type = "button";
      b.setAttribute("aria-current", String(current && current.id === item.id));
      b.appendChild(el("span", "wait", "wartet " + waited(item.created_at)));
      if (late) {
        b.appendChild(el("span", "badge late", "länger als " + alarmMinutes + " min"));
        if (!announced[item.id]) {  // said once per case: a live region repeating every 5 s would drown the rest
          announced[item.id] = true;
          $("wait-alarm").textContent = "Gespräch Nr. " + item.id + " wartet länger als " + alarmMinutes + " Minuten.";
        }
      }
      b.appendChild(document.createTextNode(" · " + (item.kommune || "Kommune unbekannt") + " · "));
      b.appendChild(languageLabel(item.language));
      b.appendChild(el("span", "meta", (item.service_name || item.service || "Leistung unbekannt") + " · " + (REASONS[item.reason] || item.reason) +
        " · " + (CHANNELS[item.channel] || item.channel || "Kanal unbekannt")));
      if (item.emergency) b.appendChild(el("span", "badge alarm", "NOTFALL: " + item.emergency + " genannt"));
      if (item.callback) b.appendChild(el("span", "badge", "Rückruf erbeten"));
      if (item.status === "claimed") {
        b.appendChild(el("span", "meta taken", item.claimed_by === me.id ? "von Ihnen übernommen" : "übernommen von " +
          item.claimed_by_name + " (" + (STATUS_NAMES[item.claimed_by_status] || "") + ")"));
      }
      b.addEventListener("click", function () { openCase(item.id); });
      li.appendChild(b);
      list.appendChild(li);
      if (focused === String(item.id)) b.focus();  // live updates keep the keyboard focus where it was
    });
    if (current) {
      var fresh = all.filter(function (i) { return i.id === current.id; })[0];
      if (fresh && (fresh.status !== current.status || fresh.claimed_by !== current.claimed_by)) openCase(current.id, true);
    }
  }
  setInterval(function () { if (me && lastQueue.length) renderQueue(lastQueue); }, 5000);
  $("queue-language").addEventListener("change", function () { renderQueue(lastQueue); });
  ["queue-mine", "queue-commune", "queue-reason", "queue-channel"].forEach(function (id) {
    $(id).addEventListener("change", function () { renderQueue(lastQueue); });
  });

  // ---------- Ein Gespräch ----------
  function addLine(m) {
    if ($("transcript").querySelector('[data-id="' + m.id + '"]')) return;
    var li = el("li", "m-" + m.sender);
    li.setAttribute("data-id", m.id);
    // citizen and assistant wrote in the case's language; agents may write either, system notes are German
    var lang = m.sender === "citizen" || m.sender === "assistant" ? current.language : GERMAN;
    if (m.sender === "agent") li.dir = "auto"; else { li.lang = lang.html_lang; li.dir = lang.direction; }
    var from = el("span", "from", (m.sender === "agent" && m.author ? m.author + " (Servicecenter)" : FROM[m.sender]) +
      " · " + new Date(m.time).toLocaleTimeString("de-DE"));
    from.lang = "de"; from.dir = "ltr";
    li.appendChild(from);
    li.appendChild(document.createTextNode(m.text));
    $("transcript").appendChild(li);
    $("transcript").scrollTop = $("transcript").scrollHeight;
  }
  function openCase(id, keepFocus) {
    return api("GET", "/api/cases/" + id).then(function (c) {
      var changed = !current || current.id !== c.id;
      current = { id: c.id, status: c.status, claimed_by: c.claimed_by, language: c.language };
      $("case").hidden = false;
      $("case-title").textContent = "Gespräch Nr. " + c.id;
      $("f-service").textContent = c.suggestion ? c.suggestion.service_name + " (" + c.detected.service + ")" : (c.detected.service || "nicht erkannt");
      $("f-aspect").textContent = c.detected.aspect || "–";
      $("f-kommune").textContent = c.detected.kommune || "nicht bekannt";
      $("f-language").textContent = "";
      $("f-language").appendChild(languageLabel(c.language));
      $("f-reason").textContent = REASONS[c.reason] || c.reason;
      $("f-status").textContent = STATUS[c.status] + (c.outcome ? " – " + c.outcomes[c.outcome] : "");
      $("suggest").hidden = !c.suggestion;
      $("suggest-text").textContent = c.suggestion ? c.suggestion.text : "";
      var citizen = c.suggestion && c.suggestion.citizen;
      $("suggest-citizen").hidden = !citizen;
      $("suggest-citizen-text").textContent = citizen ? citizen.text : "";
      if (citizen) {
        $("suggest-citizen-text").lang = citizen.html_lang; $("suggest-citizen-text").dir = citizen.direction;
        $("suggest-citizen-title").textContent = "";
        $("suggest-citizen-title").appendChild(document.createTextNode("In der Sprache des Gesprächs: "));
        $("suggest-citizen-title").appendChild(languageLabel(citizen));
        $("use-citizen").textContent = "In Antwort übernehmen (" + citizen.name_de + ")";
        $("use-suggest").textContent = "In Antwort übernehmen (Deutsch)";
      } else {
        $("use-suggest").textContent = "In Antwort übernehmen";
      }
      if (changed) $("transcript").textContent = "";
      c.transcript.forEach(addLine);
      var mine = c.status === "claimed" && c.claimed_by === me.id;
      $("claim").hidden = c.status !== "waiting";
      $("handback").hidden = !mine; $("close-box").hidden = !mine; $("reply-form").hidden = !mine;
      $("transfer-box").hidden = !mine;
      if (changed) $("case-msg").textContent = "";
      renderQueue(lastQueue);
      if (!keepFocus) $("case-title").focus();
    }).catch(function (err) { $("case-msg").textContent = err.message; });
  }
  $("case-title").setAttribute("tabindex", "-1");
  function act(path, body, done) {
    return api("POST", "/api/cases/" + current.id + path, body).then(function (r) {
      if (done) $("case-msg").textContent = done;
      return openCase(current.id, true).then(function () { return r; });  // the view fits before focus moves
    }).catch(function (err) { $("case-msg").textContent = err.message; openCase(current.id, true); });
  }
  $("claim").addEventListener("click", function () {
    act("/claim", {}, "Sie haben das Gespräch übernommen. Der Assistent schweigt, bis Sie es zurückgeben.")
      .then(function () { $("reply").focus(); });
  });
  $("handback").addEventListener("click", function () { act("/handback", {}, "An den Assistenten zurückgegeben."); });
  $("close").addEventListener("click", function () { act("/close", { outcome: $("outcome").value }, "Gespräch abgeschlossen."); });
  $("use-suggest").addEventListener("click", function () { $("reply").value = $("suggest-text").textContent; $("reply").focus(); });
  $("use-citizen").addEventListener("click", function () { $("reply").value = $("suggest-citizen-text").textContent; $("reply").focus(); });
  // ---------- Textbausteine, Übergabe, Status, Tippen ----------
  function loadCanned() {
    api("GET", "/api/canned").then(function (items) {
      canned = items;
      $("canned").textContent = "";
      items.forEach(function (c, n) { var o = el("option", "", (n < 9 ? (n + 1) + ": " : "") + c.title); o.value = c.id; $("canned").appendChild(o); });
    });
  }
  function insertCanned(id) {
    if (!current || !id) return;
    api("GET", "/api/cases/" + current.id + "/canned/" + id).then(function (c) {
      var reply = $("reply"), at = reply.selectionStart || reply.value.length;
      reply.value = reply.value.slice(0, at) + c.text + reply.value.slice(reply.selectionEnd || at);
      reply.focus();
      reply.selectionStart = reply.selectionEnd = at + c.text.length;
      $("case-msg").textContent = "Textbaustein „" + c.title + "“ eingefügt. Sie können ihn vor dem Senden ändern.";
    }).catch(function (err) { $("case-msg").textContent = err.message; });
  }
  $("canned-insert").addEventListener("click", function () { insertCanned($("canned").value); });
  $("reply").addEventListener("input", function () {  // "… schreibt" in the citizen's chat, at most every 3 s
    if (!current || Date.now() - lastTyping < 3000) return;
    lastTyping = Date.now();
    api("POST", "/api/cases/" + current.id + "/typing", {}).catch(function () {});
  });
  $("reply").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.ctrlKey) { e.preventDefault(); $("reply-form").requestSubmit(); }
  });
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
      if (msg.type === "team") { lastTeam = msg.agents; if (window.SCConsole.onTeam) window.SCConsole.onTeam(msg.agents); }
      if (msg.type === "transfer" && msg.to === me.id) {
        $("notice").textContent = msg.from_name + " hat Ihnen Gespräch Nr. " + msg.case + " übergeben.";
      }
    };
    ws.onclose = function (e) {
      ws = null; $("conn").textContent = "getrennt – verbinde neu …"; $("conn").className = "conn";
      if (e.code === 4401) { me = null; showLogin(); return; }
      if (e.code === 4403) return;
      retry = Math.min(retry + 1, 6);
      setTimeout(function () { if (me) connect(); }, 500 * retry);
    };
  }
  setInterval(function () { if (ws && ws.readyState === 1) ws.send("ping"); }, 20000);

  // for console-work.js (team, transfer, status, shortcuts): the page's state, read when needed
  window.SCConsole = { $: $, el: el, api: api, act: act, openCase: openCase, arrange: arrange, insertCanned: insertCanned,
    STATUS_NAMES: STATUS_NAMES, state: function () { return { me: me, current: current, queue: lastQueue, canned: canned, team: lastTeam }; } };

  api("GET", "/api/me").then(function (data) { me = data; showWork(); }).catch(showLogin);
})();
