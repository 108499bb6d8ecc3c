// Where the Zendesk app keeps Turnaround sessions (see static/zendesk/README.md,
// "Where sessions live"): one record of a custom object per ticket, read and
// written through the ZAF client's request() as the signed-in agent, so every
// agent on the ticket, on any machine, sees the same session. Without that
// object configured (or when Zendesk refuses it as misconfigured), the frame's
// own localStorage, as before, and the app says so.
//
// The record's text field holds an envelope, not the bare session:
//   {"format": "turnaround-session", "v": 1, "write": "<random id of this write>", "session": {...}}
// Custom object records have no conditional update (nothing like the Tickets
// API's safe_update), so the revision check of PROTOCOL.md ("Two agents on one
// ticket") is made here: before each write the record is read again, and the
// save goes ahead only when Zendesk still holds the very copy the sidebar built
// on (its base_rev, told apart from a same-numbered copy of another agent by the
// write id) or a copy this app wrote from the same sidebar since; otherwise the
// save is answered with {conflict: Zendesk's copy}. The read and the write are
// two requests, so two agents writing within the same instant could still
// overwrite one another: every write is followed by a confirming read, and the
// poll pushes any copy that is not ours, so the overwritten agent's sidebar
// merges and saves again.
(function (W) {
  'use strict';

  var FORMAT = 'turnaround-session';
  var LOCAL_PREFIX = 'turnaround-zendesk.session.';
  // A record holds at most 32 KB in all; the envelope must leave room for the rest.
  var MAX_BYTES = 30000;
  // At most one write (a read and an upsert: two requests) per this long per ticket.
  var MIN_GAP_MS = 3000;
  // While the ticket is on screen: a read this often, and one soon after each write.
  var POLL_MS = 20000;
  var CONFIRM_MS = 3000;
  // After a failed save, the app tries again on its own (the sidebar stops resending after 5 tries).
  var RETRY_MS = [5000, 10000, 20000, 40000, 60000];

  function isObj(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }
  function bytes(s) { return new TextEncoder().encode(s).length; }
  function writeId() {
    var a = new Uint8Array(9);
    W.crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }
  function delay(ms) { return new Promise(function (resolve) { setTimeout(resolve, Math.max(0, ms)); }); }

  /** The frame's own localStorage, one key per ticket: the store when Zendesk's is not set up. */
  function localStore() {
    function storage() {
      try { return W.localStorage; } catch (e) { return null; } // blocked third-party storage
    }
    return {
      kind: 'local',
      load: function (ticketId) {
        var s = storage();
        try { return JSON.parse(s && s.getItem(LOCAL_PREFIX + ticketId) || 'null'); } catch (e) { return null; }
      },
      save: function (ticketId, session) {
        var s = storage();
        if (!s) throw new Error('storage is blocked in this frame');
        s.setItem(LOCAL_PREFIX + ticketId, JSON.stringify(session)); // throws when full: no ack
      },
    };
  }

  /**
   * What client.request gave back, on either path, as {status, body, retryAfter}.
   * With httpCompleteResponse Zendesk hands over {status, responseJSON,
   * responseText, headers}; a failure without it is a jqXHR-like {status,
   * responseText}; a plain success is the parsed body itself.
   */
  function answer(r, ok) {
    if (!isObj(r) || typeof r.status !== 'number') return ok ? { status: 200, body: r === undefined ? null : r } : { status: 0, body: null };
    var body = r.responseJSON;
    if (body === undefined && typeof r.responseText === 'string' && r.responseText) {
      try { body = JSON.parse(r.responseText); } catch (e) { body = null; }
    }
    var h = isObj(r.headers) ? r.headers : {};
    var after = Number(h['retry-after'] || h['Retry-After']);
    return { status: r.status, body: body === undefined ? null : body, retryAfter: after > 0 ? after : 0 };
  }
  function good(res) { return res.status >= 200 && res.status < 300; }
  /** Zendesk's error in words: {"error", "description"} (Support) or {"errors": [{title, detail}]} (custom objects). */
  function detailOf(body) {
    if (!isObj(body)) return '';
    var e = Array.isArray(body.errors) && isObj(body.errors[0]) ? body.errors[0] : body;
    var d = [e.detail, e.description, e.message, e.title, typeof e.error === 'string' ? e.error : null].filter(function (x) { return typeof x === 'string' && x; })[0];
    return d ? String(d).slice(0, 200) : '';
  }
  function describe(res) {
    if (!res.status) return 'Zendesk did not answer (the network or Zendesk is down)';
    var d = detailOf(res.body);
    return 'Zendesk answered ' + res.status + (d ? ' (' + d + ')' : '');
  }

  /** The record's session, if it holds a readable one of this ticket. */
  function readRecord(rec, fieldKey, ticketId) {
    if (!isObj(rec)) return { state: 'none' };
    var raw = isObj(rec.custom_object_fields) ? rec.custom_object_fields[fieldKey] : null;
    if (raw == null || raw === '') return { state: 'none', id: rec.id };
    var env = null;
    try { env = JSON.parse(String(raw)); } catch (e) { env = null; }
    var s = isObj(env) && env.format === FORMAT && typeof env.write === 'string' && env.write ? env.session : null;
    if (!isObj(s) || s.schema !== 1 || String(s.ticket_id) !== String(ticketId) || !Number.isInteger(s.rev) || s.rev < 0 || !Array.isArray(s.steps)) {
      return { state: 'unreadable', id: rec.id };
    }
    return { state: 'ok', id: rec.id, session: s, write: env.write };
  }

  /**
   * The Zendesk store. o: {client, objectKey, fieldKey, ticketId, say(text, warn),
   * push(session) -> bool (hands another agent's copy to the sidebar)}.
   */
  function zendeskStore(o) {
    var client = o.client, key = o.objectKey, field = o.fieldKey || 'session_json';
    var ticketId = String(o.ticketId), externalId = 'turnaround-ticket-' + ticketId;
    var local = localStore();
    var base = '/api/v2/custom_objects/' + encodeURIComponent(key) + '/records';
    // The copies the sidebar may build on (loaded, written, or handed over as Zendesk's copy), rev -> write id.
    var known = {};
    // Write ids this app wrote since the session was loaded, write id -> rev.
    var ours = {};
    // The write id of the copy Zendesk holds as far as this app knows (undefined: unknown).
    var last;
    // 'zendesk', or 'local' once Zendesk refused the object as misconfigured or holds a copy that cannot be read.
    var mode = 'zendesk';
    var newestSeen = -1, lastWriteAt = 0, holdUntil = 0, queue = Promise.resolve();
    var pending = null, retryTimer = null, retries = 0, pollTimer = null, active = true, saidTrouble = false;

    function serial(fn) {
      var run = queue.then(fn, fn);
      queue = run.then(function () {}, function () {});
      return run;
    }
    function request(opts) {
      opts.httpCompleteResponse = true;
      var p;
      try { p = Promise.resolve(client.request(opts)); } catch (e) { p = Promise.reject(e); }
      return p.then(function (r) { return answer(r, true); }, function (r) { return answer(r, false); });
    }
    function read() {
      return request({ url: base + '?filter%5Bexternal_ids%5D=' + encodeURIComponent(externalId), type: 'GET', contentType: 'application/json' }).then(function (res) {
        if (!good(res)) return { res: res };
        var list = isObj(res.body) && Array.isArray(res.body.custom_object_records) ? res.body.custom_object_records : null;
        if (!list) return { res: { status: 0, body: null } }; // not the answer this endpoint gives
        var rec = list.filter(function (r) { return isObj(r) && r.external_id === externalId; })[0];
        return { res: res, rec: readRecord(rec, field, ticketId) };
      });
    }
    function write(session, id) {
      var fields = {};
      fields[field] = JSON.stringify({ format: FORMAT, v: 1, write: id, session: session });
      var body = JSON.stringify({ custom_object_record: { name: 'Turnaround: ticket ' + ticketId, custom_object_fields: fields } });
      if (bytes(body) > MAX_BYTES) return Promise.resolve({ tooLarge: true });
      return request({ url: base + '?external_id=' + encodeURIComponent(externalId), type: 'PATCH', contentType: 'application/json', data: body });
    }

    /** A configuration Zendesk refused (no such object, no permission): sessions stay in this browser, and the app says why. */
    function misconfigured(res) {
      return res.status === 403 || res.status === 404 || res.status === 401;
    }
    function goLocal(why) {
      mode = 'local';
      stopRetry();
      o.say(why + ' Until then, this ticket\'s session is kept in this browser only, where colleagues do not see it.', true);
    }
    function unreadable(rec) {
      goLocal('The session Zendesk holds for this ticket (record ' + (rec.id || '?') + ' of "' + key + '") cannot be read, so Turnaround does not overwrite it: a Zendesk admin can check that record.');
    }

    function stopRetry() {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
    }
    /** A save Zendesk did not take: kept, said, and tried again on its own with a growing pause. */
    function keep(session, meta, res, why) {
      if (!pending || pending.session.rev <= session.rev) pending = { session: session, meta: meta };
      var wait = res && res.retryAfter ? res.retryAfter * 1000 : RETRY_MS[Math.min(retries, RETRY_MS.length - 1)];
      // Zendesk said how long to wait: no request (the sidebar's resends included) goes before that.
      if (res && res.retryAfter) holdUntil = Date.now() + wait;
      retries++;
      saidTrouble = true;
      o.say((why || describe(res)) + ': the latest change is not in Zendesk yet. Turnaround keeps it and tries again in ' + Math.round(wait / 1000) + ' s.', true);
      stopRetry();
      retryTimer = setTimeout(function () {
        retryTimer = null;
        var p = pending;
        if (!p || mode !== 'zendesk') return;
        attempt(p.session, p.meta).then(function (stored) {
          // Stored on the app's own retry: the sidebar hears it as Zendesk's copy (nothing new), which confirms it.
          if (stored) o.push(stored);
        }, function (e) {
          // Another agent's copy came first: the sidebar merges it and saves again.
          if (e && isObj(e.conflict)) o.push(e.conflict);
        });
      }, wait);
    }
    function stored() {
      pending = null;
      retries = 0;
      stopRetry();
      if (saidTrouble) { saidTrouble = false; o.say('Saved in Zendesk.'); }
    }

    /** One save: read, check the revision, write. Resolves with the session stored; rejects with {conflict} or an Error. */
    function attempt(session, meta) {
      return serial(function () {
        if (mode !== 'zendesk') return local.save(ticketId, session);
        if (newestSeen > session.rev) throw new Error('superseded by a newer save'); // that one's ack covers this one
        return delay(Math.max(lastWriteAt + MIN_GAP_MS, holdUntil) - Date.now()).then(function () {
          if (newestSeen > session.rev) throw new Error('superseded by a newer save');
          return read();
        }).then(function (r) {
          if (!r.rec) {
            if (misconfigured(r.res)) { goLocal(describe(r.res) + ' when Turnaround read the sessions object "' + key + '": check the app settings and the agents\' access to that object.'); return local.save(ticketId, session); }
            keep(session, meta, r.res);
            throw new Error(describe(r.res));
          }
          var cur = r.rec;
          if (cur.state === 'unreadable') { unreadable(cur); return local.save(ticketId, session); }
          if (cur.state === 'ok') {
            var mine = ours.hasOwnProperty(cur.write);
            if (mine && cur.session.rev === session.rev) { stored(); return session; } // a resend of what Zendesk holds
            var builtOn = cur.session.rev === meta.baseRev && known[meta.baseRev] === cur.write;
            if (!builtOn && !(mine && session.rev > cur.session.rev)) {
              // Another agent saved since this session's base: not written; the sidebar merges.
              known[cur.session.rev] = cur.write;
              last = cur.write;
              if (pending && pending.session.rev <= session.rev) { pending = null; stopRetry(); }
              throw { conflict: cur.session };
            }
          }
          var id = writeId();
          // Ours from now: had Zendesk stored it and the answer been lost, the next read finds it ours.
          ours[id] = session.rev;
          return write(session, id).then(function (res) {
            if (res.tooLarge) {
              keep(session, meta, null, 'This ticket\'s session has grown past what a Zendesk record holds (32 KB)');
              throw new Error('too large for a record');
            }
            lastWriteAt = Date.now();
            if (!good(res)) { keep(session, meta, res); throw new Error(describe(res)); }
            known[session.rev] = id;
            last = id;
            stored();
            schedule(CONFIRM_MS);
            return session;
          });
        });
      });
    }

    /** Reads Zendesk's copy and hands it to the sidebar when another agent changed it. */
    function refresh() {
      if (mode !== 'zendesk') return Promise.resolve();
      return serial(function () {
        return read().then(function (r) {
          if (!r.rec) return; // said at the next save, if it lasts
          var cur = r.rec;
          if (cur.state === 'unreadable') { unreadable(cur); return; }
          if (cur.state !== 'ok' || cur.write === last || ours.hasOwnProperty(cur.write)) return;
          if (o.push(cur.session)) {
            known[cur.session.rev] = cur.write;
            last = cur.write;
          }
        });
      }).then(function () { schedule(POLL_MS); }, function () { schedule(POLL_MS); });
    }
    function schedule(ms) {
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = setTimeout(function () {
        pollTimer = null;
        if (active && document.visibilityState === 'visible') refresh();
        else schedule(POLL_MS);
      }, ms);
    }

    return {
      kind: 'zendesk',
      /** The ticket's session at open: Zendesk's copy, or (when Zendesk has none) the one this app kept in the browser before. */
      load: function (id) {
        if (String(id) !== ticketId) return local.load(id);
        return serial(function () {
          // A (re)started sidebar: its saves start a new line of revs.
          known = {}; ours = {}; last = undefined; newestSeen = -1;
          if (mode !== 'zendesk') return local.load(ticketId);
          return read().then(function (r) {
            if (!r.rec) {
              if (misconfigured(r.res)) { goLocal(describe(r.res) + ' when Turnaround read the sessions object "' + key + '": check the app settings and the agents\' access to that object.'); return local.load(ticketId); }
              o.say(describe(r.res) + ', so this ticket\'s session could not be read from Zendesk: Turnaround opens with what this browser has and merges it with Zendesk\'s copy when Zendesk answers.', true);
              saidTrouble = true;
              return null;
            }
            var cur = r.rec;
            if (cur.state === 'unreadable') { unreadable(cur); return local.load(ticketId); }
            if (cur.state === 'none') {
              last = null;
              return local.load(ticketId); // from before sessions lived in Zendesk: its first save moves it there
            }
            known[cur.session.rev] = cur.write;
            last = cur.write;
            return cur.session;
          });
        }).then(function (s) { schedule(POLL_MS); return s; });
      },
      save: function (id, session, meta) {
        if (String(id) !== ticketId || mode !== 'zendesk') return local.save(id, session);
        meta = meta || {};
        return attempt(session, { rev: meta.rev, baseRev: typeof meta.baseRev === 'number' ? meta.baseRev : 0 }).then(function () {});
      },
      /** The sidebar posted a save of `rev`: older saves still queued are skipped (the newest one's ack covers them). */
      seen: function (rev) { if (typeof rev === 'number' && rev > newestSeen) newestSeen = rev; },
      /** Something changed on the ticket, or the app came back on screen: look now. */
      refresh: refresh,
      /** Whether the ticket is on screen (ZAF app.activated / app.deactivated). */
      setActive: function (yes) { active = !!yes; if (active) refresh(); },
    };
  }

  W.TurnaroundSessions = { zendesk: zendeskStore, local: localStore, FORMAT: FORMAT };
})(window);
