/*
 * forewarn web UI widgets. Plain JavaScript, no build step, no inline code needed in pages.
 *
 * Every widget starts only when its element is in the page, reads its data from the element's
 * data-* attributes and from same-origin JSON (data-src), and reports a failure as text inside
 * the widget. Hooks and JSON shapes:
 *
 *   div.fw-map[data-src][data-world]   {"points":[{id,lat,lon,killed,date,place,label,url}], "unplaced":M}
 *   div.fw-timeline[data-src]          {"months":[{month:"YYYY-MM",incidents,killed,url}]}
 *   div.fw-network[data-src]           {"nodes":[{id,label,kind,focus,url}], "edges":[{source,target,kind,label}]}
 *   div.fw-spans[data-src]             {"rows":[{label,role,start:"YYYY[-MM[-DD]]",end|null,url,note}]}
 *   div.fw-series[data-src]            {"points":[{date,low,high,best,label,url}]}
 *   div.fw-forecast[data-src]          /api/v1/forecast: {history, forecasts, tempo, expansions, backtest, notes}
 *   ol.fw-queue > li.fw-item[data-actions]   '{"a":{"url":...,"body":{...}}, ...}'; buttons [data-key]
 *   dl.fw-keys                         key help, "?" toggles it
 *   form.fw-ingest[data-src]           files (input name=files), text (name=text, title), url (name=url)
 *   form[data-confirm], button[data-confirm]   window.confirm before submitting
 *
 * POSTs carry X-CSRF-Token from <meta name="csrf-token" content="...">.
 */
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // ---------------------------------------------------------------- helpers

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs, parent) {
    var node = document.createElementNS(SVGNS, tag);
    setAttrs(node, attrs);
    if (parent) parent.appendChild(node);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === "text") node.textContent = String(v);
      else node.setAttribute(k, String(v));
    });
  }

  function svgTitle(parent, text) {
    var t = svg("title", null, parent);
    t.textContent = text;
    return t;
  }

  function svgLink(parent, url) {
    if (!url) return svg("g", null, parent);
    var a = svg("a", { href: url }, parent);
    a.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", url);
    return a;
  }

  function csrfToken() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") || "" : "";
  }

  function errorMessage(status, statusText, body) {
    if (body && typeof body === "object" && body.message) return String(body.message);
    return "Request failed: " + status + (statusText ? " " + statusText : "");
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      return r.text().then(function (txt) {
        var body = null;
        try {
          body = txt ? JSON.parse(txt) : null;
        } catch (e) {
          body = null;
        }
        if (!r.ok) throw new Error(errorMessage(r.status, r.statusText, body));
        if (body === null) throw new Error("The server sent no JSON from " + url);
        return body;
      });
    });
  }

  function postJSON(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRF-Token": csrfToken()
      },
      body: JSON.stringify(payload === undefined ? {} : payload)
    }).then(function (r) {
      return r.text().then(function (txt) {
        var body = null;
        try {
          body = txt ? JSON.parse(txt) : null;
        } catch (e) {
          body = null;
        }
        if (!r.ok) throw new Error(errorMessage(r.status, r.statusText, body));
        return body || {};
      });
    });
  }

  function showError(node, err) {
    var msg = err && err.message ? err.message : String(err);
    var p = el("p", { class: "fw-widget-error", role: "alert" }, msg);
    node.replaceChildren(p);
    if (window.console) console.warn("forewarn widget:", msg);
  }

  function showLoading(node) {
    node.replaceChildren(el("p", { class: "fw-loading" }, "Loading\u2026"));
  }

  function showEmpty(node, text) {
    node.replaceChildren(el("p", { class: "fw-widget-empty" }, text));
  }

  function fmtInt(n) {
    if (n === null || n === undefined || !isFinite(n)) return "unknown";
    return Number(n).toLocaleString("en-US");
  }

  function plural(n, one, many) {
    return fmtInt(n) + " " + (n === 1 ? one : many);
  }

  function num(v) {
    if (v === null || v === undefined || v === "") return null;
    var n = Number(v);
    return isFinite(n) ? n : null;
  }

  // "YYYY", "YYYY-MM" or "YYYY-MM-DD" (anything longer is cut) -> UTC ms at the start of it.
  function parseWhen(s) {
    if (s === null || s === undefined) return null;
    var m = /^(-?\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?/.exec(String(s).trim());
    if (!m) return null;
    var y = Number(m[1]);
    var mo = m[2] ? Number(m[2]) - 1 : 0;
    var d = m[3] ? Number(m[3]) : 1;
    return Date.UTC(y, mo, d);
  }

  // The end of the period a date names: "2023" -> 1 Jan 2024, "2023-02" -> 1 Mar 2023.
  function parseWhenEnd(s) {
    if (s === null || s === undefined) return null;
    var m = /^(-?\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?/.exec(String(s).trim());
    if (!m) return null;
    var y = Number(m[1]);
    if (!m[2]) return Date.UTC(y + 1, 0, 1);
    if (!m[3]) return Date.UTC(y, Number(m[2]), 1);
    return Date.UTC(y, Number(m[2]) - 1, Number(m[3]) + 1);
  }

  function yearOf(ms) {
    return new Date(ms).getUTCFullYear();
  }

  // A rounded maximum and tick step for an axis from 0 to max.
  function niceScale(max, ticks) {
    if (!(max > 0)) return { max: 1, step: 1 };
    var raw = max / (ticks || 4);
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var f = raw / mag;
    var step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
    if (step < 1) step = 1;
    return { max: Math.ceil(max / step) * step, step: step };
  }

  function shortNum(n) {
    if (n >= 1e6) return (n / 1e6).toFixed(n % 1e6 ? 1 : 0) + "M";
    if (n >= 1e4) return Math.round(n / 1e3) + "k";
    if (n >= 1e3) return (n / 1e3).toFixed(n % 1e3 ? 1 : 0) + "k";
    return String(n);
  }

  // Year ticks for a time axis from t0 to t1 (ms), at most about maxTicks of them.
  function yearTicks(t0, t1, maxTicks) {
    var y0 = yearOf(t0);
    var y1 = yearOf(t1);
    var span = y1 - y0 + 1;
    var every = 1;
    [1, 2, 5, 10, 20, 25, 50, 100].some(function (e) {
      every = e;
      return span / e <= maxTicks;
    });
    var out = [];
    for (var y = Math.ceil(y0 / every) * every; y <= y1 + 1; y += every) {
      var t = Date.UTC(y, 0, 1);
      if (t >= t0 && t <= t1) out.push({ t: t, year: y });
    }
    return out;
  }

  // Calls draw(width) now and again when the element's width changes.
  function responsive(node, draw) {
    var last = 0;
    function run() {
      var w = Math.round(node.clientWidth);
      if (w < 10 || Math.abs(w - last) < 2) return;
      last = w;
      try {
        draw(w);
      } catch (e) {
        showError(node, e);
      }
    }
    run();
    if (!last) {
      last = -10;
      try {
        draw(800);
      } catch (e) {
        showError(node, e);
      }
    }
    if (typeof ResizeObserver === "function") {
      var timer = null;
      new ResizeObserver(function () {
        clearTimeout(timer);
        timer = setTimeout(run, 120);
      }).observe(node);
    }
  }

  function widget(selector, init) {
    document.querySelectorAll(selector).forEach(function (node) {
      try {
        init(node);
      } catch (e) {
        showError(node, e);
      }
    });
  }

  function needSrc(node) {
    var src = node.getAttribute("data-src");
    if (!src) throw new Error("This widget has no data-src.");
    return src;
  }

  // ---------------------------------------------------------------- forecast

  var FORECAST_NAMES = { naive: "naive (last month)", "poisson-mean": "long-run mean", nb: "negative binomial", hawkes: "Hawkes" };

  function initForecast(node) {
    var src = needSrc(node);
    showLoading(node);
    getJSON(src)
      .then(function (data) {
        var models = (data.forecasts || []).map(function (f) {
          return f.model;
        });
        if (!models.length) {
          showEmpty(node, "No forecast.");
          return;
        }
        // Show the model with the best backtest CRPS when there is a backtest, else nb.
        var overall = ((data.backtest && data.backtest.rows) || []).filter(function (r) {
          return r.horizon === null;
        });
        var shown = models.indexOf("nb") >= 0 ? "nb" : models[0];
        if (overall.length) {
          shown = overall.slice().sort(function (a, b) {
            return a.crps - b.crps;
          })[0].model;
        }
        node.replaceChildren();
        var chart = el("div", { class: "fw-forecast-chart" });
        var pick = el("select", { "aria-label": "Model" });
        models.forEach(function (m) {
          var o = el("option", { value: m }, FORECAST_NAMES[m] || m);
          if (m === shown) o.selected = true;
          pick.appendChild(o);
        });
        var table = el("div", { class: "fw-table-wrap" });
        var head = el("div", { class: "fw-forecast-head" });
        head.appendChild(el("span", null, "Model "));
        head.appendChild(pick);
        node.appendChild(head);
        node.appendChild(chart);
        node.appendChild(table);
        function redraw() {
          var f = data.forecasts.filter(function (x) {
            return x.model === pick.value;
          })[0];
          responsive(chart, function (w) {
            drawForecast(chart, data.history || [], f, w);
          });
          table.replaceChildren(forecastTable(f));
        }
        pick.addEventListener("change", redraw);
        redraw();
        node.appendChild(tempoList(data.tempo || []));
        node.appendChild(expansionList(data.expansions || []));
        node.appendChild(backtestTable(data.backtest));
        (data.notes || []).forEach(function (n) {
          node.appendChild(el("p", { class: "fw-small fw-muted" }, n));
        });
      })
      .catch(function (e) {
        showError(node, e);
      });
  }

  function drawForecast(node, history, f, width) {
    var past = history.slice(-36);
    var ahead = f.months || [];
    var n = past.length + ahead.length;
    var H = 200;
    var m = { top: 12, right: 12, bottom: 24, left: 40 };
    var pw = Math.max(60, width - m.left - m.right);
    var ph = H - m.top - m.bottom;
    var maxV = 1;
    past.forEach(function (p) {
      maxV = Math.max(maxV, p.incidents);
    });
    ahead.forEach(function (p) {
      maxV = Math.max(maxV, p.interval95.high);
    });
    var ys = niceScale(maxV, 4);
    var bw = pw / Math.max(1, n);
    var x = function (i) {
      return i * bw;
    };
    var y = function (v) {
      return ph - (v / ys.max) * ph;
    };
    var root = svg("svg", { viewBox: "0 0 " + width + " " + H, width: width, height: H, role: "img" });
    svgTitle(root, "Incidents per month and the forecast with 80% and 95% intervals");
    var plot = svg("g", { transform: "translate(" + m.left + "," + m.top + ")" }, root);
    var ax = svg("g", { class: "fw-axis" }, plot);
    for (var v = 0; v <= ys.max + 1e-9; v += ys.step) {
      svg("line", { class: "fw-grid-line", x1: 0, x2: pw, y1: y(v), y2: y(v) }, ax);
      svg("text", { x: -6, y: y(v) + 3.5, "text-anchor": "end", text: shortNum(v) }, ax);
    }
    past.forEach(function (p, i) {
      var r = svg("rect", { class: "fw-fc-bar", x: x(i) + 1, width: Math.max(1, bw - 2), y: y(p.incidents), height: ph - y(p.incidents) }, plot);
      svgTitle(r, p.month + ": " + plural(p.incidents, "incident", "incidents") + ", " + fmtInt(p.killed) + " killed");
      if (p.month.slice(5) === "01") svg("text", { class: "fw-axis", x: x(i), y: ph + 16, text: p.month.slice(0, 4) }, plot);
    });
    ahead.forEach(function (p, j) {
      var i = past.length + j;
      var g = svg("g", null, plot);
      svg("rect", { class: "fw-fc-band95", x: x(i) + 1, width: Math.max(1, bw - 2), y: y(p.interval95.high), height: Math.max(1, y(p.interval95.low) - y(p.interval95.high)) }, g);
      svg("rect", { class: "fw-fc-band80", x: x(i) + 1, width: Math.max(1, bw - 2), y: y(p.interval80.high), height: Math.max(1, y(p.interval80.low) - y(p.interval80.high)) }, g);
      svg("line", { class: "fw-fc-mean", x1: x(i) + 1, x2: x(i) + bw - 1, y1: y(p.mean), y2: y(p.mean) }, g);
      svgTitle(g, p.month + ": expected " + p.mean.toFixed(1) + ", 80% " + p.interval80.low + "\u2013" + p.interval80.high + ", 95% " + p.interval95.low + "\u2013" + p.interval95.high);
    });
    svg("line", { class: "fw-fc-now", x1: x(past.length), x2: x(past.length), y1: 0, y2: ph }, plot);
    svg("line", { x1: 0, x2: pw, y1: ph, y2: ph }, ax);
    node.replaceChildren(root);
  }

  function forecastTable(f) {
    var t = el("table", { class: "fw-table" });
    var hr = el("tr");
    ["Month", "Expected", "P(\u22651)", "P(\u226525 killed)", "80%", "95%"].forEach(function (h, i) {
      hr.appendChild(el("th", i ? { class: "fw-num" } : null, h));
    });
    t.appendChild(el("thead")).appendChild(hr);
    var tb = t.appendChild(el("tbody"));
    (f.months || []).forEach(function (p) {
      var tr = el("tr");
      [p.month, p.mean.toFixed(1), p.p_any.toFixed(2), p.p_killed_25.toFixed(2),
        p.interval80.low + "\u2013" + p.interval80.high, p.interval95.low + "\u2013" + p.interval95.high].forEach(function (v, i) {
        tr.appendChild(el("td", i ? { class: "fw-num" } : null, v));
      });
      tb.appendChild(tr);
    });
    var wrap = el("div");
    wrap.appendChild(t);
    wrap.appendChild(el("p", { class: "fw-small fw-muted" }, f.fit));
    return wrap;
  }

  function tempoList(tempo) {
    var box = el("div", { class: "fw-forecast-flags" });
    if (!tempo.length) return box;
    box.appendChild(el("h3", null, "Tempo of " + tempo[0].month + ": " + plural(tempo[0].observed, "incident", "incidents")));
    var ul = box.appendChild(el("ul"));
    tempo.forEach(function (t) {
      var li = el("li");
      var unusual = t.flag === "above" || t.flag === "below";
      if (t.flag) li.appendChild(el("span", { class: "fw-badge" + (unusual ? " fw-badge-warn" : "") }, unusual ? "unusual: " + t.flag : t.flag));
      li.appendChild(document.createTextNode(" " + (FORECAST_NAMES[t.model] || t.model) + " expected " + t.expected.toFixed(1) +
        " (80% " + t.interval80.low + "\u2013" + t.interval80.high + ", 95% " + t.interval95.low + "\u2013" + t.interval95.high + ")"));
      ul.appendChild(li);
    });
    return box;
  }

  function expansionList(exps) {
    var box = el("div", { class: "fw-forecast-flags" });
    box.appendChild(el("h3", null, "Expansions in the last 12 months"));
    if (!exps.length) {
      box.appendChild(el("p", { class: "fw-small fw-muted" }, "No first incident in a new country or province."));
      return box;
    }
    var ul = box.appendChild(el("ul"));
    exps.forEach(function (e) {
      var li = el("li");
      li.appendChild(el("span", { class: "fw-badge fw-badge-warn" }, "new " + e.kind));
      li.appendChild(document.createTextNode(" " + e.date + " " + e.actor + ": " + (e.admin1 ? e.admin1 + ", " : "") + e.country + " "));
      li.appendChild(el("a", { href: "/incidents/" + encodeURIComponent(e.incident) }, e.incident));
      ul.appendChild(li);
    });
    return box;
  }

  function backtestTable(bt) {
    var box = el("div", { class: "fw-forecast-flags" });
    box.appendChild(el("h3", null, "Backtest on this series"));
    var rows = ((bt && bt.rows) || []).filter(function (r) {
      return r.horizon === null && r.forecasts > 0;
    });
    if (!rows.length) {
      box.appendChild(el("p", { class: "fw-small fw-muted" }, "No backtest: the series is too short (see the notes)."));
      return box;
    }
    var t = el("table", { class: "fw-table" });
    var hr = el("tr");
    ["Model", "CRPS", "Brier \u22651", "Brier \u226525 killed", "80% cover", "95% cover", "Forecasts"].forEach(function (h, i) {
      hr.appendChild(el("th", i ? { class: "fw-num" } : null, h));
    });
    t.appendChild(el("thead")).appendChild(hr);
    var tb = t.appendChild(el("tbody"));
    rows.forEach(function (r) {
      var tr = el("tr");
      [FORECAST_NAMES[r.model] || r.model, r.crps.toFixed(3), r.brier_any.toFixed(3), r.brier_killed.toFixed(4),
        r.cover80.toFixed(2), r.cover95.toFixed(2), fmtInt(r.forecasts)].forEach(function (v, i) {
        tr.appendChild(el("td", i ? { class: "fw-num" } : null, v));
      });
      tb.appendChild(tr);
    });
    box.appendChild(t);
    var beats = {};
    (bt.comparisons || []).forEach(function (c) {
      if (c.score !== "crps") return;
      beats[c.model] = beats[c.model] === undefined ? c.beats : beats[c.model] && c.beats;
    });
    Object.keys(beats).forEach(function (mname) {
      box.appendChild(el("p", { class: "fw-small" }, (FORECAST_NAMES[mname] || mname) + (beats[mname] ? " beats" : " does not beat") + " both naive baselines on CRPS here."));
    });
    box.appendChild(el("p", { class: "fw-small fw-muted" }, "Rolling origin over this series' own history, 1\u2013" + bt.options.horizon + " months ahead; lower CRPS and Brier are better."));
    return box;
  }

  // ---------------------------------------------------------------- map

  function initMap(node) {
    var src = needSrc(node);
    var L = window.L;
    if (!L || typeof L.map !== "function") throw new Error("The map library (Leaflet) is not loaded.");
    var worldUrl = node.getAttribute("data-world");
    var note = node.nextElementSibling;
    if (!note || !note.classList.contains("fw-widget-note") || !note.hasAttribute("data-fw-map-note")) {
      note = el("p", { class: "fw-widget-note", "data-fw-map-note": "" });
      node.insertAdjacentElement("afterend", note);
    }
    note.textContent = "Loading map\u2026";

    var map = L.map(node, {
      zoomSnap: 0.25,
      minZoom: 1,
      maxZoom: 12,
      worldCopyJump: false,
      maxBounds: [
        [-85, -200],
        [85, 200]
      ],
      maxBoundsViscosity: 0.8,
      attributionControl: true
    });
    map.attributionControl.setPrefix(false);
    var showWorld = function () {
      // zoom so that the world's width fills the box (no empty bands left and right)
      var z = Math.log(Math.max(256, node.clientWidth) / 256) / Math.LN2;
      map.setView([22, 12], Math.max(1, Math.ceil(z * 4) / 4));
    };
    showWorld();

    // A missing world outline only costs the background; the points are still drawn.
    var worldP = worldUrl
      ? getJSON(worldUrl)
          .then(function (topo) {
            drawCountries(map, topo);
            return null;
          })
          .catch(function (e) {
            return "World outline not shown (" + e.message + ").";
          })
      : Promise.resolve(null);

    var pointsP = getJSON(src);

    Promise.all([worldP, pointsP])
      .then(function (res) {
        var worldProblem = res[0];
        var data = res[1] || {};
        var placed = drawPoints(map, data.points || []);
        if (placed.bounds) map.fitBounds(placed.bounds, { padding: [24, 24], maxZoom: 6 });
        else showWorld();
        var text = plural(placed.count, "incident", "incidents") + " on the map";
        var unplaced = num(data.unplaced);
        if (unplaced !== null && unplaced > 0) text += " (" + fmtInt(unplaced) + " without coordinates)";
        text += ".";
        if (worldProblem) text += " " + worldProblem;
        note.textContent = text;
      })
      .catch(function (e) {
        note.remove();
        map.remove();
        node.classList.add("fw-map-failed");
        showError(node, e);
      });
  }

  function drawCountries(map, topo) {
    var L = window.L;
    var tj = window.topojson;
    if (!tj || typeof tj.feature !== "function") throw new Error("topojson-client is not loaded");
    var key = topo && topo.objects ? (topo.objects.countries ? "countries" : Object.keys(topo.objects)[0]) : null;
    if (!key) throw new Error("no countries in the world file");
    var geo = tj.feature(topo, topo.objects[key]);
    geo.features = geo.features.filter(function (f) {
      return !(f.properties && f.properties.name === "Antarctica");
    });
    geo.features.forEach(function (f) {
      unwrapGeometry(f.geometry);
    });
    L.geoJSON(geo, {
      interactive: false,
      style: function () {
        return { color: "#ffffff", weight: 0.7, fillColor: "#cfd5dc", fillOpacity: 1, className: "fw-country" };
      }
    }).addTo(map);
    map.attributionControl.addAttribution("Natural Earth");
  }

  // The world file's rings cross the antimeridian as if the earth were round (for spherical
  // projections); on a flat map that draws lines across the whole world. Make each ring's
  // longitudes continuous instead (Chukotka then lies just east of 180, which Leaflet draws fine).
  function unwrapGeometry(g) {
    if (!g) return;
    var polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    polys.forEach(function (poly) {
      poly.forEach(function (ring) {
        for (var i = 1; i < ring.length; i++) {
          var d = ring[i][0] - ring[i - 1][0];
          if (d > 180) ring[i][0] -= 360;
          else if (d < -180) ring[i][0] += 360;
        }
      });
    });
  }

  function radiusFor(killed) {
    var k = num(killed);
    if (k === null || k <= 0) return 4;
    return Math.min(28, 4 + 2.2 * Math.sqrt(k));
  }

  function colourFor(killed) {
    var k = num(killed);
    if (k === null) return "#6f7b8a";
    if (k <= 0) return "#1c5fa8";
    if (k < 10) return "#d9822b";
    return "#c0392b";
  }

  function popupFor(p) {
    var box = el("div", { class: "fw-popup" });
    box.appendChild(el("strong", null, p.label || "Incident"));
    var meta = [];
    if (p.date) meta.push(String(p.date));
    if (p.place) meta.push(String(p.place));
    if (meta.length) box.appendChild(el("div", { class: "fw-popup-meta" }, meta.join(" \u00b7 ")));
    var k = num(p.killed);
    box.appendChild(el("div", null, "Killed: " + (k === null ? "unknown" : fmtInt(k))));
    if (p.url) {
      var a = el("a", { href: p.url }, "Open incident \u2192");
      box.appendChild(a);
    }
    return box;
  }

  function drawPoints(map, points) {
    var L = window.L;
    var layer;
    if (typeof L.markerClusterGroup === "function") {
      layer = L.markerClusterGroup({
        maxClusterRadius: 36,
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        disableClusteringAtZoom: 9,
        iconCreateFunction: function (cluster) {
          var n = cluster.getChildCount();
          var size = n < 10 ? 30 : n < 100 ? 36 : 44;
          var cls = n < 10 ? "fw-cluster-s" : n < 100 ? "fw-cluster-m" : "fw-cluster-l";
          var span = el("span", null, String(n));
          return L.divIcon({ html: span, className: "fw-cluster " + cls, iconSize: L.point(size, size) });
        }
      });
    } else {
      layer = L.featureGroup();
    }
    var latlngs = [];
    points.forEach(function (p) {
      var lat = num(p.lat);
      var lon = num(p.lon);
      if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return;
      var c = colourFor(p.killed);
      var m = L.circleMarker([lat, lon], {
        radius: radiusFor(p.killed),
        color: "#ffffff",
        weight: 1,
        fillColor: c,
        fillOpacity: 0.78
      });
      m.bindPopup(popupFor(p));
      var tip = (p.label || "Incident") + (p.date ? ", " + p.date : "");
      m.bindTooltip(tip, { direction: "top", offset: [0, -4] });
      layer.addLayer(m);
      latlngs.push([lat, lon]);
    });
    layer.addTo(map);
    return { count: latlngs.length, bounds: latlngs.length ? L.latLngBounds(latlngs) : null };
  }

  // ---------------------------------------------------------------- timeline

  function monthKey(s) {
    var m = /^(\d{4})-(\d{1,2})/.exec(String(s || ""));
    if (!m) return null;
    return Number(m[1]) * 12 + (Number(m[2]) - 1);
  }

  function initTimeline(node) {
    var src = needSrc(node);
    showLoading(node);
    getJSON(src)
      .then(function (data) {
        var byKey = {};
        (data.months || []).forEach(function (m) {
          var k = monthKey(m.month);
          if (k === null) return;
          var prev = byKey[k];
          byKey[k] = {
            key: k,
            incidents: (num(m.incidents) || 0) + (prev ? prev.incidents : 0),
            killed: (num(m.killed) || 0) + (prev ? prev.killed : 0),
            url: m.url || (prev && prev.url) || null
          };
        });
        var keys = Object.keys(byKey).map(Number);
        if (!keys.length) {
          showEmpty(node, "No incidents with a date in this selection.");
          return;
        }
        var k0 = Math.min.apply(null, keys);
        var k1 = Math.max.apply(null, keys);
        var months = [];
        for (var k = k0; k <= k1; k++) {
          months.push(byKey[k] || { key: k, incidents: 0, killed: 0, url: null, empty: true });
        }
        responsive(node, function (w) {
          drawTimeline(node, months, w);
        });
      })
      .catch(function (e) {
        showError(node, e);
      });
  }

  function drawTimeline(node, months, width) {
    var H = 230;
    var m = { top: 22, right: 46, bottom: 26, left: 40 };
    var pw = Math.max(50, width - m.left - m.right);
    var ph = H - m.top - m.bottom;
    var n = months.length;
    var slot = pw / n;
    var gap = slot > 6 ? Math.min(3, slot * 0.2) : 0;
    var maxInc = 0;
    var maxKilled = 0;
    months.forEach(function (d) {
      maxInc = Math.max(maxInc, d.incidents);
      maxKilled = Math.max(maxKilled, d.killed);
    });
    var ys = niceScale(maxInc, 4);
    var ks = niceScale(maxKilled, 4);
    var root = svg("svg", { viewBox: "0 0 " + width + " " + H, width: width, height: H, role: "img" });
    svgTitle(root, "Incidents and people killed per month");
    var plot = svg("g", { transform: "translate(" + m.left + "," + m.top + ")" }, root);

    // grid and left axis (incidents)
    var gridG = svg("g", null, plot);
    var axL = svg("g", { class: "fw-axis" }, plot);
    for (var v = 0; v <= ys.max + 1e-9; v += ys.step) {
      var y = ph - (v / ys.max) * ph;
      svg("line", { class: "fw-grid-line", x1: 0, x2: pw, y1: y, y2: y }, gridG);
      svg("text", { x: -6, y: y + 3.5, "text-anchor": "end", text: shortNum(v) }, axL);
    }
    svg("line", { x1: 0, x2: pw, y1: ph, y2: ph }, axL);

    // right axis (killed)
    var axR = svg("g", { class: "fw-axis", transform: "translate(" + pw + ",0)" }, plot);
    if (maxKilled > 0) {
      for (var kv = 0; kv <= ks.max + 1e-9; kv += ks.step) {
        var ky = ph - (kv / ks.max) * ph;
        svg("text", { x: 6, y: ky + 3.5, "text-anchor": "start", class: "fw-axis-killed", text: shortNum(kv) }, axR);
      }
    }

    // bars
    var bars = svg("g", null, plot);
    months.forEach(function (d, i) {
      var bw = Math.min(28, Math.max(1, slot - gap));
      var x = i * slot + (slot - bw) / 2;
      var label = MONTHS[d.key % 12] + " " + Math.floor(d.key / 12);
      var tip = label + ": " + plural(d.incidents, "incident", "incidents") + ", " + fmtInt(d.killed) + " killed";
      var g = d.url && d.incidents > 0 ? svgLink(bars, d.url) : svg("g", null, bars);
      if (d.incidents > 0) {
        var bh = Math.max(1, (d.incidents / ys.max) * ph);
        svg("rect", { class: "fw-bar", x: x, y: ph - bh, width: bw, height: bh }, g);
      } else {
        svg("rect", { class: "fw-bar-zero", x: x, y: ph - 1.5, width: bw, height: 1.5 }, g);
      }
      // a full-height transparent target so thin bars are easy to hover and click
      var hit = svg("rect", { x: i * slot, y: 0, width: slot, height: ph, fill: "transparent" }, g);
      svgTitle(hit, tip);
    });

    // killed line
    if (maxKilled > 0) {
      var pts = months.map(function (d, i) {
        return (i * slot + slot / 2).toFixed(1) + "," + (ph - (d.killed / ks.max) * ph).toFixed(1);
      });
      svg("polyline", { class: "fw-killed-line", points: pts.join(" ") }, plot);
      if (slot >= 7) {
        months.forEach(function (d, i) {
          if (d.killed > 0) {
            var c = svg(
              "circle",
              { class: "fw-killed-dot", cx: i * slot + slot / 2, cy: ph - (d.killed / ks.max) * ph, r: 2.2 },
              plot
            );
            svgTitle(c, MONTHS[d.key % 12] + " " + Math.floor(d.key / 12) + ": " + fmtInt(d.killed) + " killed");
          }
        });
      }
    }

    // x axis: years (and month initials when there is room)
    var axX = svg("g", { class: "fw-axis", transform: "translate(0," + ph + ")" }, plot);
    var years = {};
    months.forEach(function (d, i) {
      var y = Math.floor(d.key / 12);
      if (years[y] === undefined) years[y] = i;
    });
    var yearList = Object.keys(years).map(Number);
    var pxPerYear = slot * 12;
    var every = 1;
    while (pxPerYear * every < 38) every++;
    yearList.forEach(function (y) {
      var i = years[y];
      var x = i * slot;
      var first = i === 0;
      if (!first || months[0].key % 12 === 0) svg("line", { x1: x, x2: x, y1: 0, y2: 6 }, axX);
      if (y % every !== 0 && !first) return;
      if (first && months[0].key % 12 > 8 && yearList.length > 1 && slot * (12 - (months[0].key % 12)) < 30) return;
      var barLeft = x + (slot - Math.min(28, Math.max(1, slot - gap))) / 2;
      svg("text", { x: Math.max(x + 2, barLeft), y: 18, "text-anchor": "start", text: String(y) }, axX);
    });
    if (slot >= 16) {
      months.forEach(function (d, i) {
        if (d.key % 12 === 0) return;
        var mx = i * slot + slot / 2;
        svg("text", { x: mx, y: 9, "text-anchor": "middle", class: "fw-axis-month", text: slot >= 40 ? MONTHS[d.key % 12] : MONTHS[d.key % 12][0] }, axX);
      });
    }

    // legend
    var lg = svg("g", { class: "fw-chart-legend", transform: "translate(" + m.left + ",10)" }, root);
    svg("rect", { class: "fw-bar", x: 0, y: -7, width: 10, height: 9 }, lg);
    svg("text", { x: 14, y: 1, text: "incidents (left)" }, lg);
    if (maxKilled > 0) {
      svg("line", { class: "fw-killed-line", x1: 112, x2: 128, y1: -3, y2: -3 }, lg);
      svg("text", { x: 132, y: 1, text: "killed (right)" }, lg);
    }
    node.replaceChildren(root);
  }

  // ---------------------------------------------------------------- network

  var NODE_KINDS = {
    armed_group: { colour: "#c0392b", shape: "ellipse", label: "armed group" },
    state_force: { colour: "#1c5fa8", shape: "round-rectangle", label: "state force" },
    international: { colour: "#16877a", shape: "hexagon", label: "international" },
    person: { colour: "#d98a1c", shape: "ellipse", label: "person" },
    other: { colour: "#7b8591", shape: "round-rectangle", label: "other" }
  };

  var EDGE_KINDS = {
    ally: { colour: "#2e8b57", line: "solid", arrow: "none", label: "ally" },
    rival: { colour: "#c0392b", line: "dashed", arrow: "none", label: "rival / enemy" },
    split_from: { colour: "#7d4fb3", line: "dashed", arrow: "triangle", label: "split from" },
    affiliate: { colour: "#1c5fa8", line: "solid", arrow: "triangle", label: "affiliate / part of" },
    leader_of: { colour: "#d98a1c", line: "solid", arrow: "triangle", label: "leader of" },
    other: { colour: "#9aa3ad", line: "dotted", arrow: "none", label: "other" }
  };

  function nodeKind(k) {
    k = String(k || "").toLowerCase();
    return NODE_KINDS[k] ? k : "other";
  }

  function edgeKind(k) {
    k = String(k || "").toLowerCase();
    if (k === "enemy" || k === "rival") return "rival";
    if (k === "part_of" || k === "affiliate") return "affiliate";
    return EDGE_KINDS[k] ? k : "other";
  }

  function initNetwork(node) {
    var src = needSrc(node);
    if (typeof window.cytoscape !== "function") throw new Error("The network library (Cytoscape.js) is not loaded.");
    showLoading(node);
    getJSON(src)
      .then(function (data) {
        var nodes = data.nodes || [];
        var ids = {};
        var elements = [];
        var usedNodeKinds = {};
        var usedEdgeKinds = {};
        nodes.forEach(function (n) {
          if (n.id === undefined || n.id === null || ids[n.id]) return;
          ids[n.id] = true;
          var kind = nodeKind(n.kind);
          usedNodeKinds[kind] = true;
          elements.push({
            group: "nodes",
            data: { id: String(n.id), label: n.label || String(n.id), kind: kind, url: n.url || "" },
            classes: n.focus ? "focus" : "",
            focus: !!n.focus
          });
        });
        (data.edges || []).forEach(function (e, i) {
          if (!ids[e.source] || !ids[e.target]) return;
          var kind = edgeKind(e.kind);
          usedEdgeKinds[kind] = true;
          elements.push({
            group: "edges",
            data: {
              id: "e" + i,
              source: String(e.source),
              target: String(e.target),
              kind: kind,
              label: e.label || e.kind || ""
            }
          });
        });
        if (!Object.keys(ids).length) {
          showEmpty(node, "No relations to show.");
          return;
        }
        node.replaceChildren();
        drawNetwork(node, elements);
        drawNetLegend(node, usedNodeKinds, usedEdgeKinds);
      })
      .catch(function (e) {
        showError(node, e);
      });
  }

  function drawNetwork(node, elements) {
    var edgeCount = elements.filter(function (x) {
      return x.group === "edges";
    }).length;
    var nodeCount = elements.length - edgeCount;
    // Start from fixed places (focus nodes in the middle, the rest on a circle) so that the
    // layout comes out the same on every load.
    var ring = 0;
    var ringCount = elements.filter(function (x) {
      return x.group === "nodes" && !x.focus;
    }).length;
    var radius = 60 + 18 * ringCount;
    elements.forEach(function (x) {
      if (x.group !== "nodes") return;
      if (x.focus) {
        x.position = { x: 0, y: 0 };
      } else {
        var a = (2 * Math.PI * ring++) / Math.max(1, ringCount);
        x.position = { x: Math.round(radius * Math.cos(a)), y: Math.round(radius * Math.sin(a)) };
      }
      delete x.focus;
    });
    var style = [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "font-family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",
          "font-size": 10,
          color: "#1f2329",
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-wrap": "ellipsis",
          "text-max-width": 120,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.75,
          "text-background-padding": 1,
          width: 18,
          height: 18,
          "border-width": 1.5,
          "border-color": "#ffffff"
        }
      },
      {
        selector: "edge",
        style: {
          width: 1.6,
          "curve-style": "bezier",
          "arrow-scale": 0.8,
          "font-size": 8,
          color: "#5f6672",
          "text-rotation": "autorotate",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.8,
          "text-background-padding": 1,
          label: ""
        }
      }
    ];
    Object.keys(NODE_KINDS).forEach(function (k) {
      style.push({
        selector: 'node[kind = "' + k + '"]',
        style: { "background-color": NODE_KINDS[k].colour, shape: NODE_KINDS[k].shape }
      });
    });
    Object.keys(EDGE_KINDS).forEach(function (k) {
      var s = EDGE_KINDS[k];
      style.push({
        selector: 'edge[kind = "' + k + '"]',
        style: {
          "line-color": s.colour,
          "target-arrow-color": s.colour,
          "line-style": s.line,
          "target-arrow-shape": s.arrow
        }
      });
    });
    // after the per-kind rules so that these win
    style.push(
      {
        selector: "node.focus",
        style: {
          width: 34,
          height: 34,
          "font-size": 12,
          "font-weight": "bold",
          "border-width": 3,
          "border-color": "#1f2329"
        }
      },
      { selector: "node:selected", style: { "border-color": "#1f2329", "border-width": 3 } },
      { selector: "edge.hover", style: { label: "data(label)", width: 2.6, "z-index": 10 } }
    );

    // Cytoscape.js adds a <style> element for "position: relative" on its container unless an element
    // with this id exists; the CSP would refuse that style, and app.css already gives .fw-network the rule.
    var markerId = "__________cytoscape_stylesheet";
    if (!document.getElementById(markerId)) {
      document.head.appendChild(el("meta", { id: markerId, name: "fw-cytoscape-style", content: "app.css" }));
    }
    var cy = window.cytoscape({
      container: node,
      elements: elements,
      style: style,
      layout: {
        name: "cose",
        animate: false,
        randomize: false,
        padding: 24,
        nodeRepulsion: function () {
          return 400000;
        },
        idealEdgeLength: function () {
          return nodeCount > 40 ? 70 : 110;
        },
        edgeElasticity: function () {
          return 80;
        },
        nodeOverlap: 20,
        gravity: 60,
        componentSpacing: 80,
        nestingFactor: 1.2,
        numIter: 2000
      },
      minZoom: 0.2,
      maxZoom: 3,
      boxSelectionEnabled: false
    });
    cy.on("tap", "node", function (evt) {
      var url = evt.target.data("url");
      if (url) window.location.href = url;
    });
    cy.on("mouseover", "node", function (evt) {
      node.style.cursor = evt.target.data("url") ? "pointer" : "default";
      evt.target.connectedEdges().addClass("hover");
    });
    cy.on("mouseout", "node", function (evt) {
      node.style.cursor = "";
      evt.target.connectedEdges().removeClass("hover");
    });
    cy.on("mouseover", "edge", function (evt) {
      evt.target.addClass("hover");
    });
    cy.on("mouseout", "edge", function (evt) {
      evt.target.removeClass("hover");
    });
    // a small graph should not be blown up to fill the box
    if (cy.zoom() > 1.25) {
      cy.zoom(1.25);
      cy.center();
    }
    node.fwCy = cy;
    return cy;
  }

  function drawNetLegend(node, usedNodeKinds, usedEdgeKinds) {
    var old = node.nextElementSibling;
    if (old && old.classList.contains("fw-net-legend")) old.remove();
    var box = el("div", { class: "fw-net-legend", "aria-label": "Legend" });
    Object.keys(NODE_KINDS).forEach(function (k) {
      if (!usedNodeKinds[k]) return;
      var item = el("span");
      var sw = el("i");
      sw.style.background = NODE_KINDS[k].colour;
      if (NODE_KINDS[k].shape !== "ellipse") sw.style.borderRadius = "2px";
      item.appendChild(sw);
      item.appendChild(document.createTextNode(NODE_KINDS[k].label));
      box.appendChild(item);
    });
    Object.keys(EDGE_KINDS).forEach(function (k) {
      if (!usedEdgeKinds[k]) return;
      var item = el("span");
      var sw = el("i", { class: "fw-net-edge" });
      sw.style.borderTopColor = EDGE_KINDS[k].colour;
      sw.style.borderTopStyle = EDGE_KINDS[k].line;
      item.appendChild(sw);
      item.appendChild(document.createTextNode(EDGE_KINDS[k].label + (EDGE_KINDS[k].arrow !== "none" ? " \u2192" : "")));
      box.appendChild(item);
    });
    node.insertAdjacentElement("afterend", box);
  }

  // ---------------------------------------------------------------- spans (leaders timeline)

  var SPAN_COLOURS = ["#1c5fa8", "#16877a", "#d98a1c", "#7d4fb3", "#c0392b", "#5f7688"];
  var widgetSeq = 0;

  function initSpans(node) {
    var src = needSrc(node);
    showLoading(node);
    getJSON(src)
      .then(function (data) {
        var rows = (data.rows || []).map(function (r) {
          return {
            label: r.label || "(unnamed)",
            role: r.role || "",
            start: r.start || null,
            end: r.end || null,
            t0: parseWhen(r.start),
            t1: r.end ? parseWhenEnd(r.end) : null,
            url: r.url || null,
            note: r.note || ""
          };
        });
        if (!rows.length) {
          showEmpty(node, "No dated roles to show.");
          return;
        }
        var id = "fwspan" + ++widgetSeq;
        responsive(node, function (w) {
          drawSpans(node, rows, w, id);
        });
      })
      .catch(function (e) {
        showError(node, e);
      });
  }

  function drawSpans(node, rows, width, id) {
    var now = Date.now();
    var lo = Infinity;
    var hi = -Infinity;
    rows.forEach(function (r) {
      [r.t0, r.t1].forEach(function (t) {
        if (t !== null) {
          lo = Math.min(lo, t);
          hi = Math.max(hi, t);
        }
      });
      if (r.t0 !== null && r.t1 === null) hi = Math.max(hi, now);
    });
    if (!isFinite(lo)) {
      lo = Date.UTC(new Date().getUTCFullYear() - 5, 0, 1);
      hi = now;
    }
    // pad to whole years
    lo = Date.UTC(yearOf(lo), 0, 1);
    hi = Date.UTC(yearOf(hi) + 1, 0, 1);
    if (hi - lo < 2 * 365.25 * 864e5) lo = Date.UTC(yearOf(lo) - 1, 0, 1);

    var labelW = Math.min(240, Math.max(120, width * 0.28));
    var rowH = 26;
    var m = { top: 22, right: 14, bottom: 22, left: labelW };
    var pw = Math.max(60, width - m.left - m.right);
    var H = m.top + rows.length * rowH + m.bottom;
    var x = function (t) {
      return ((t - lo) / (hi - lo)) * pw;
    };
    var root = svg("svg", { viewBox: "0 0 " + width + " " + H, width: width, height: H, role: "img" });
    svgTitle(root, "Roles over time");

    var roles = [];
    rows.forEach(function (r) {
      var key = r.role.toLowerCase();
      if (roles.indexOf(key) < 0) roles.push(key);
    });
    var colourOf = function (role) {
      return SPAN_COLOURS[roles.indexOf(role.toLowerCase()) % SPAN_COLOURS.length];
    };
    var defs = svg("defs", null, root);
    roles.forEach(function (role, i) {
      var c = SPAN_COLOURS[i % SPAN_COLOURS.length];
      var gOut = svg("linearGradient", { id: id + "-out-" + i, x1: 0, x2: 1, y1: 0, y2: 0 }, defs);
      svg("stop", { offset: "0", "stop-color": c, "stop-opacity": 0.9 }, gOut);
      svg("stop", { offset: "0.6", "stop-color": c, "stop-opacity": 0.6 }, gOut);
      svg("stop", { offset: "1", "stop-color": c, "stop-opacity": 0.05 }, gOut);
      var gIn = svg("linearGradient", { id: id + "-in-" + i, x1: 0, x2: 1, y1: 0, y2: 0 }, defs);
      svg("stop", { offset: "0", "stop-color": c, "stop-opacity": 0.05 }, gIn);
      svg("stop", { offset: "0.4", "stop-color": c, "stop-opacity": 0.6 }, gIn);
      svg("stop", { offset: "1", "stop-color": c, "stop-opacity": 0.9 }, gIn);
    });

    var plot = svg("g", { transform: "translate(0," + m.top + ")" }, root);
    // year grid and axes (top and bottom)
    var ticks = yearTicks(lo, hi, Math.max(2, Math.floor(pw / 55)));
    var grid = svg("g", { class: "fw-axis" }, plot);
    ticks.forEach(function (tk) {
      var gx = m.left + x(tk.t);
      svg("line", { class: "fw-grid-line", x1: gx, x2: gx, y1: 0, y2: rows.length * rowH }, grid);
      svg("text", { x: gx, y: -7, "text-anchor": "middle", text: String(tk.year) }, grid);
      svg("text", { x: gx, y: rows.length * rowH + 15, "text-anchor": "middle", text: String(tk.year) }, grid);
    });

    var body = svg("g", null, plot);
    rows.forEach(function (r, i) {
      var y = i * rowH;
      var row = svg("g", { class: "fw-span-row" }, body);
      svg("rect", { class: "fw-span-band", x: 0, y: y, width: width, height: rowH }, row);
      var lab = svgLink(row, r.url);
      var name = svg("text", { class: "fw-span-label", x: 6, y: y + rowH / 2 + 1, text: r.label }, lab);
      if (r.role) {
        name.setAttribute("y", y + 11.5);
        svg("text", { class: "fw-span-role", x: 6, y: y + 22.5, text: r.role }, row);
      }
      fitText(name, labelW - 12);

      var roleIdx = roles.indexOf(r.role.toLowerCase());
      var colour = colourOf(r.role);
      var when =
        (r.start || "?") + " \u2013 " + (r.end ? r.end : r.t0 !== null ? "present (no end known)" : "?");
      var tip = r.label + (r.role ? ", " + r.role : "") + ": " + when + (r.note ? " (" + r.note + ")" : "");
      var barY = y + 6;
      var barH = rowH - 12;
      var target = svgLink(row, r.url);
      if (r.t0 === null && r.t1 === null) {
        var t = svg("text", { class: "fw-span-role", x: m.left + 4, y: y + rowH / 2 + 4, text: "dates unknown" }, target);
        svgTitle(t, tip);
        return;
      }
      var start = r.t0 !== null ? r.t0 : lo;
      var end = r.t1 !== null ? r.t1 : r.t0 !== null ? now : start;
      var x0 = m.left + x(start);
      var x1 = m.left + x(Math.max(end, start));
      var bw = Math.max(3, x1 - x0);
      var fill = colour;
      if (r.t1 === null) fill = "url(#" + id + "-out-" + roleIdx + ")";
      else if (r.t0 === null) fill = "url(#" + id + "-in-" + roleIdx + ")";
      var bar = svg("rect", { class: "fw-span-bar", x: x0, y: barY, width: bw, height: barH, rx: 2, fill: fill }, target);
      svgTitle(bar, tip);
    });

    // today marker
    if (now >= lo && now <= hi) {
      var tx = m.left + x(now);
      var today = svg("g", { class: "fw-today" }, plot);
      svg("line", { x1: tx, x2: tx, y1: -2, y2: rows.length * rowH + 2 }, today);
    }
    node.replaceChildren(root);
  }

  // Shortens an SVG text element with an ellipsis until it fits maxW (needs it in the document to measure).
  function fitText(textEl, maxW) {
    var full = textEl.textContent;
    textEl.setAttribute("data-full", full);
    if (full.length * 6.2 <= maxW) return;
    var keep = Math.max(3, Math.floor(maxW / 6.4) - 1);
    textEl.textContent = full.slice(0, keep) + "\u2026";
    svgTitle(textEl, full);
  }

  // ---------------------------------------------------------------- series (strength estimates)

  function initSeries(node) {
    var src = needSrc(node);
    showLoading(node);
    getJSON(src)
      .then(function (data) {
        var pts = (data.points || [])
          .map(function (p) {
            var t0 = parseWhen(p.date);
            var t1 = parseWhenEnd(p.date);
            return {
              date: p.date,
              t: t0 === null ? null : (t0 + t1) / 2,
              low: num(p.low),
              high: num(p.high),
              best: num(p.best),
              label: p.label || "",
              url: p.url || null
            };
          })
          .filter(function (p) {
            return p.t !== null && (p.low !== null || p.high !== null || p.best !== null);
          })
          .sort(function (a, b) {
            return a.t - b.t;
          });
        if (!pts.length) {
          showEmpty(node, "No dated estimates to show.");
          return;
        }
        responsive(node, function (w) {
          drawSeries(node, pts, w);
        });
      })
      .catch(function (e) {
        showError(node, e);
      });
  }

  function drawSeries(node, pts, width) {
    var H = 240;
    var m = { top: 14, right: 16, bottom: 26, left: 48 };
    var pw = Math.max(60, width - m.left - m.right);
    var ph = H - m.top - m.bottom;
    var lo = pts[0].t;
    var hi = pts[pts.length - 1].t;
    lo = Date.UTC(yearOf(lo), 0, 1);
    hi = Date.UTC(yearOf(hi) + 1, 0, 1);
    var maxV = 0;
    pts.forEach(function (p) {
      maxV = Math.max(maxV, p.high || 0, p.best || 0, p.low || 0);
    });
    var ys = niceScale(maxV, 4);
    var x = function (t) {
      return ((t - lo) / (hi - lo)) * pw;
    };
    var y = function (v) {
      return ph - (v / ys.max) * ph;
    };
    var root = svg("svg", { viewBox: "0 0 " + width + " " + H, width: width, height: H, role: "img" });
    svgTitle(root, "Estimates over time");
    var plot = svg("g", { transform: "translate(" + m.left + "," + m.top + ")" }, root);

    var ax = svg("g", { class: "fw-axis" }, plot);
    for (var v = 0; v <= ys.max + 1e-9; v += ys.step) {
      svg("line", { class: "fw-grid-line", x1: 0, x2: pw, y1: y(v), y2: y(v) }, ax);
      svg("text", { x: -6, y: y(v) + 3.5, "text-anchor": "end", text: shortNum(v) }, ax);
    }
    svg("line", { x1: 0, x2: pw, y1: ph, y2: ph }, ax);
    yearTicks(lo, hi, Math.max(2, Math.floor(pw / 50))).forEach(function (tk) {
      svg("line", { x1: x(tk.t), x2: x(tk.t), y1: ph, y2: ph + 5 }, ax);
      svg("text", { x: x(tk.t), y: ph + 17, "text-anchor": "middle", text: String(tk.year) }, ax);
    });

    // spread points that would sit on the same x
    var placed = pts.map(function (p) {
      return { p: p, cx: x(p.t) };
    });
    for (var i = 1; i < placed.length; i++) {
      if (placed[i].cx - placed[i - 1].cx < 7) placed[i].cx = placed[i - 1].cx + 7;
    }

    var trend = placed.filter(function (q) {
      return q.p.best !== null;
    });
    if (trend.length > 1) {
      svg(
        "polyline",
        {
          class: "fw-series-trend",
          points: trend
            .map(function (q) {
              return q.cx.toFixed(1) + "," + y(q.p.best).toFixed(1);
            })
            .join(" ")
        },
        plot
      );
    }

    var marks = svg("g", null, plot);
    placed.forEach(function (q) {
      var p = q.p;
      var g = svgLink(marks, p.url);
      var range = [p.low, p.high].filter(function (v) {
        return v !== null;
      });
      var tip = String(p.date) + (p.label ? ", " + p.label : "") + ": " + estimateText(p);
      svgTitle(g, tip);
      if (range.length === 2 && range[0] !== range[1]) {
        var yA = y(Math.min(range[0], range[1]));
        var yB = y(Math.max(range[0], range[1]));
        svg("line", { class: "fw-series-range", x1: q.cx, x2: q.cx, y1: yA, y2: yB }, g);
        svg("line", { class: "fw-series-cap", x1: q.cx - 4, x2: q.cx + 4, y1: yA, y2: yA }, g);
        svg("line", { class: "fw-series-cap", x1: q.cx - 4, x2: q.cx + 4, y1: yB, y2: yB }, g);
      }
      var hollow = p.best === null;
      var at = p.best !== null ? p.best : (range[0] + (range.length > 1 ? range[1] : range[0])) / 2;
      svg("circle", { class: "fw-series-best" + (hollow ? " is-hollow" : ""), cx: q.cx, cy: y(at), r: 4.5 }, g);
      // a larger invisible target
      svg("rect", { x: q.cx - 7, y: 0, width: 14, height: ph, fill: "transparent" }, g);
    });
    node.replaceChildren(root);
  }

  function estimateText(p) {
    var hasRange = p.low !== null && p.high !== null && p.low !== p.high;
    var parts = [];
    if (hasRange) parts.push(fmtInt(Math.min(p.low, p.high)) + "\u2013" + fmtInt(Math.max(p.low, p.high)));
    else if (p.low !== null && p.best === null) parts.push((p.high === null ? "at least " : "") + fmtInt(p.low));
    else if (p.high !== null && p.best === null) parts.push("at most " + fmtInt(p.high));
    if (p.best !== null) parts.push(hasRange ? "(best " + fmtInt(p.best) + ")" : fmtInt(p.best));
    return parts.join(" ");
  }

  // ---------------------------------------------------------------- review queue

  function isTyping(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
  }

  function initQueue(list) {
    var items = function () {
      return Array.prototype.slice.call(list.querySelectorAll(".fw-item"));
    };
    var current = null;

    function select(item, scroll) {
      if (!item) return;
      if (current) current.classList.remove("is-selected");
      current = item;
      item.classList.add("is-selected");
      item.setAttribute("aria-current", "true");
      items().forEach(function (it) {
        if (it !== item) it.removeAttribute("aria-current");
      });
      if (scroll !== false) item.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }

    function move(delta) {
      var all = items();
      if (!all.length) return;
      var i = current ? all.indexOf(current) : -1;
      var j = Math.max(0, Math.min(all.length - 1, i + delta));
      if (i < 0) j = delta > 0 ? 0 : all.length - 1;
      select(all[j]);
    }

    function nextOpen(from) {
      var all = items();
      var i = all.indexOf(from);
      for (var k = 1; k <= all.length; k++) {
        var it = all[(i + k) % all.length];
        if (!it.classList.contains("is-done")) return it;
      }
      return null;
    }

    function statusOf(item) {
      var s = item.querySelector(".fw-item-status");
      if (!s) {
        s = el("span", { class: "fw-item-status", role: "status" });
        item.appendChild(s);
      }
      return s;
    }

    function actionsOf(item) {
      var raw = item.getAttribute("data-actions");
      if (!raw) return {};
      try {
        var a = JSON.parse(raw);
        return a && typeof a === "object" ? a : {};
      } catch (e) {
        return null;
      }
    }

    function act(item, key) {
      var actions = actionsOf(item);
      var status = statusOf(item);
      if (actions === null) {
        item.classList.add("is-failed");
        status.textContent = "This item's actions could not be read.";
        return;
      }
      var action = actions[key];
      if (!action || !action.url) return false;
      if (item.classList.contains("is-busy")) return true;
      item.classList.add("is-busy");
      item.classList.remove("is-failed");
      status.textContent = "Saving\u2026";
      item.querySelectorAll("button[data-key]").forEach(function (b) {
        b.disabled = true;
      });
      postJSON(action.url, action.body === undefined ? {} : action.body)
        .then(function (res) {
          item.classList.remove("is-busy");
          item.classList.add("is-done");
          status.textContent = res && res.message ? String(res.message) : "Done.";
          if (current === item) {
            var next = nextOpen(item);
            if (next) select(next);
          }
        })
        .catch(function (e) {
          item.classList.remove("is-busy");
          item.classList.add("is-failed");
          status.textContent = e.message || String(e);
        })
        .then(function () {
          item.querySelectorAll("button[data-key]").forEach(function (b) {
            b.disabled = false;
          });
        });
      return true;
    }

    var first = items().filter(function (it) {
      return !it.classList.contains("is-done");
    })[0];
    if (first) select(first, false);

    list.addEventListener("click", function (e) {
      var item = e.target.closest(".fw-item");
      if (!item || !list.contains(item)) return;
      var btn = e.target.closest("[data-key]");
      if (btn && item.contains(btn)) {
        e.preventDefault();
        select(item, false);
        act(item, btn.getAttribute("data-key"));
        return;
      }
      if (!e.target.closest("a, button, input, textarea, select, label")) select(item, false);
    });

    // Keys drive the first queue on the page only.
    if (document.querySelector("ol.fw-queue") !== list) return;
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTyping(e.target)) return;
      var key = e.key;
      if (key === "j" || key === "ArrowDown") {
        e.preventDefault();
        move(1);
      } else if (key === "k" || key === "ArrowUp") {
        e.preventDefault();
        move(-1);
      } else if (current && key.length === 1 && key !== "?") {
        if (act(current, key)) e.preventDefault();
      }
    });
  }

  function initKeysHelp() {
    var help = document.querySelector("dl.fw-keys");
    if (!help) return;
    help.setAttribute("role", "dialog");
    help.setAttribute("aria-label", "Keyboard shortcuts");
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === "?") {
        e.preventDefault();
        help.classList.toggle("is-open");
      } else if (e.key === "Escape" && help.classList.contains("is-open")) {
        help.classList.remove("is-open");
      }
    });
    // A ".fw-keys-hint" element (e.g. "Press ? for keys") toggles the help too; a click elsewhere closes it.
    document.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest(".fw-keys-hint")) {
        help.classList.toggle("is-open");
      } else if (help.classList.contains("is-open") && !help.contains(e.target)) {
        help.classList.remove("is-open");
      }
    });
  }

  // ---------------------------------------------------------------- ingest

  function initIngest(form) {
    var src = needSrc(form);
    var list = form.querySelector("ol.fw-progress");
    if (!list) {
      list = el("ol", { class: "fw-progress", "aria-live": "polite" });
      form.appendChild(list);
    }
    var running = false;

    function field(name) {
      return form.querySelector('[name="' + name + '"]');
    }

    function row(name) {
      var li = el("li", { class: "is-queued" });
      li.appendChild(el("span", { class: "fw-progress-name", title: name }, name));
      li.appendChild(el("span", { class: "fw-progress-state" }, "queued"));
      li.appendChild(el("span", { class: "fw-progress-msg" }));
      list.appendChild(li);
      return li;
    }

    function setState(li, state, text, message) {
      li.className = "is-" + state;
      li.querySelector(".fw-progress-state").textContent = text || state;
      if (message !== undefined) {
        var msg = li.querySelector(".fw-progress-msg");
        msg.replaceChildren();
        if (message && typeof message === "object" && message.url) {
          msg.appendChild(document.createTextNode((message.message || "Saved") + " "));
          msg.appendChild(el("a", { href: message.url }, "open"));
        } else if (message && typeof message === "object") {
          msg.textContent = message.message ? String(message.message) : "";
        } else {
          msg.textContent = message ? String(message) : "";
        }
      }
    }

    function sendFile(file, li) {
      return new Promise(function (resolve) {
        var xhr = new XMLHttpRequest();
        var bar = el("progress", { max: 100, value: 0 });
        li.appendChild(bar);
        xhr.open("POST", src);
        xhr.setRequestHeader("Accept", "application/json");
        xhr.setRequestHeader("X-CSRF-Token", csrfToken());
        xhr.upload.addEventListener("progress", function (e) {
          if (!e.lengthComputable) return;
          var pct = Math.round((e.loaded / e.total) * 100);
          bar.value = pct;
          setState(li, "sending", "sending " + pct + "%");
        });
        xhr.upload.addEventListener("load", function () {
          bar.value = 100;
          setState(li, "sending", "processing");
        });
        xhr.addEventListener("load", function () {
          var body = null;
          try {
            body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
          } catch (e) {
            body = null;
          }
          bar.remove();
          if (xhr.status >= 200 && xhr.status < 300) {
            setState(li, "done", "done", body || "");
            resolve(true);
          } else {
            setState(li, "failed", "failed", errorMessage(xhr.status, xhr.statusText, body));
            resolve(false);
          }
        });
        xhr.addEventListener("error", function () {
          bar.remove();
          setState(li, "failed", "failed", "Network error while sending the file.");
          resolve(false);
        });
        xhr.addEventListener("abort", function () {
          bar.remove();
          setState(li, "failed", "failed", "Sending was cancelled.");
          resolve(false);
        });
        var fd = new FormData();
        fd.append("file", file, file.name);
        setState(li, "sending", "sending 0%");
        xhr.send(fd);
      });
    }

    function sendJSON(payload, li) {
      setState(li, "sending", "sending");
      return postJSON(src, payload).then(
        function (res) {
          setState(li, "done", "done", res || "");
          return true;
        },
        function (e) {
          setState(li, "failed", "failed", e.message || String(e));
          return false;
        }
      );
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (running) return;
      var fileInput = field("files");
      var textInput = field("text");
      var titleInput = field("title");
      var urlInput = field("url");
      var files = fileInput && fileInput.files ? Array.prototype.slice.call(fileInput.files) : [];
      var text = textInput ? textInput.value : "";
      var title = titleInput ? titleInput.value.trim() : "";
      var url = urlInput ? urlInput.value.trim() : "";

      list.replaceChildren();
      var jobs = [];
      files.forEach(function (f) {
        var li = row(f.name + " (" + sizeText(f.size) + ")");
        jobs.push(function () {
          return sendFile(f, li);
        });
      });
      if (text.trim()) {
        var liT = row(title ? "Text: " + title : "Pasted text (" + plural(text.trim().split(/\s+/).length, "word", "words") + ")");
        var payload = { text: text };
        if (title) payload.title = title;
        jobs.push(function () {
          return sendJSON(payload, liT);
        });
      }
      if (url) {
        var liU = row(url);
        jobs.push(function () {
          return sendJSON({ url: url }, liU);
        });
      }
      if (!jobs.length) {
        var li = row("Nothing to send");
        setState(li, "failed", "empty", "Choose files, paste text or give a URL first.");
        return;
      }
      running = true;
      var buttons = form.querySelectorAll("button, input[type=submit]");
      buttons.forEach(function (b) {
        b.disabled = true;
      });
      var allOk = true;
      jobs
        .reduce(function (p, job) {
          return p.then(function () {
            return job().then(function (ok) {
              allOk = allOk && ok;
            });
          });
        }, Promise.resolve())
        .then(function () {
          running = false;
          buttons.forEach(function (b) {
            b.disabled = false;
          });
          if (allOk) {
            if (fileInput) fileInput.value = "";
            if (textInput) textInput.value = "";
            if (titleInput) titleInput.value = "";
            if (urlInput) urlInput.value = "";
          }
        });
    });
  }

  function sizeText(n) {
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return (n / 1024).toFixed(n < 10240 ? 1 : 0) + " KB";
    return (n / 1048576).toFixed(1) + " MB";
  }

  // ---------------------------------------------------------------- confirmations

  function initConfirm() {
    document.addEventListener(
      "submit",
      function (e) {
        var form = e.target;
        if (!form || form.tagName !== "FORM") return;
        var submitter = e.submitter;
        var text =
          (submitter && submitter.getAttribute && submitter.getAttribute("data-confirm")) ||
          form.getAttribute("data-confirm");
        if (!text) return;
        if (!window.confirm(text)) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      },
      true
    );
  }

  // ---------------------------------------------------------------- start

  function start() {
    initConfirm();
    widget(".fw-map", initMap);
    widget(".fw-timeline", initTimeline);
    widget(".fw-network", initNetwork);
    widget(".fw-spans", initSpans);
    widget(".fw-series", initSeries);
    widget(".fw-forecast", initForecast);
    widget("ol.fw-queue", initQueue);
    initKeysHelp();
    widget("form.fw-ingest", initIngest);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
