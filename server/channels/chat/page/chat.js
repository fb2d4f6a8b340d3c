// SPDX-License-Identifier: GPL-3.0-or-later
// The citizen's side of a Threadline web chat: one WebSocket to /chat/socket carrying small JSON
// messages (see server/channels/chat/ChatServer.h). The session token is kept in sessionStorage,
// so reloading the page continues the same chat. No framework; every text comes from the page.
(function () {
  'use strict';
  var words = JSON.parse(document.getElementById('words').textContent);
  var log = document.getElementById('log');
  var status = document.getElementById('status');
  var typing = document.getElementById('typing');
  var text = document.getElementById('text');
  var socket = null;
  var ended = false;
  var lastTyping = 0;

  function say(message, isError) {
    status.textContent = message;
    status.className = isError ? 'error' : '';
  }
  function add(from, body, at, name) {
    var item = document.createElement('li');
    item.className = from;
    var who = document.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = (name ? name + ', ' : '') + (words['from_' + from] || '') + ': ';
    item.appendChild(who);
    item.appendChild(document.createTextNode(body));
    if (at) item.title = new Date(at).toLocaleTimeString(document.documentElement.lang);
    log.appendChild(item);
    item.scrollIntoView({block: 'nearest'});
  }
  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }
  function connect() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + location.host + '/chat/socket');
    socket.onopen = function () {
      send({t: 'start', token: sessionStorage.getItem('threadline-chat') || '', lang: document.documentElement.lang});
    };
    socket.onmessage = function (event) {
      var m = JSON.parse(event.data);
      if (m.t === 'session') {
        sessionStorage.setItem('threadline-chat', m.token);
        log.textContent = '';
        (m.messages || []).forEach(function (x) { add(x.from, x.text, x.at, x.name); });
        say(words.connected, false);
      } else if (m.t === 'message') {
        add(m.from, m.text, m.at, m.name);
        typing.hidden = true;
      } else if (m.t === 'status') {
        if (m.code === 'joined') say(words.joined.replace('{name}', m.name || words.from_agent), false);
        else if (m.code === 'waiting') say(words.waiting, false);
      } else if (m.t === 'typing') {
        typing.hidden = false;
        setTimeout(function () { typing.hidden = true; }, 5000);
      } else if (m.t === 'ended') {
        ended = true;
        sessionStorage.removeItem('threadline-chat');
        say(words.ended, false);
        text.disabled = true;
      } else if (m.t === 'error') {
        say(words['error_' + m.code] || words.error_other, true);
      }
    };
    socket.onclose = function () {
      if (!ended) { say(words.reconnecting, true); setTimeout(connect, 3000); }
    };
  }
  document.getElementById('send').addEventListener('submit', function (event) {
    event.preventDefault();
    var body = text.value.trim();
    if (!body) return;
    send({t: 'message', text: body});
    text.value = '';
    text.focus();
  });
  text.addEventListener('input', function () {
    var now = Date.now();
    if (now - lastTyping > 3000) { lastTyping = now; send({t: 'typing'}); }
  });
  document.getElementById('contact-form').addEventListener('submit', function (event) {
    event.preventDefault();
    send({t: 'contact', email: document.getElementById('email').value.trim(),
          phone: document.getElementById('phone').value.trim()});
    say(words.details_saved, false);
  });
  document.getElementById('end').addEventListener('click', function () { send({t: 'end'}); });
  connect();
})();
