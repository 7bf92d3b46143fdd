/* The visual report's behaviour: charts, filters, the claim panel. Article text is only ever
   set as textContent, never parsed as HTML. Nothing is fetched: the data is in #kb-data. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kb-data").textContent);
  var config = {
    responsive: true,
    displaylogo: false,
    typesetMath: false, // a quote with $ signs is text, and MathJax would be a download
    // plotly.js 4 offers to upload a chart to Plotly's cloud by default: never from this page
    showSendToCloud: false,
    showEditInChartStudio: false,
    plotlyServerURL: "",
    modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage", "sendChartToCloud"],
  };
  var state = { topic: "", entity: "" };
  var drawn = {}; // chart index -> the entity filter it was drawn with

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function shows(id) {
    if (!state.entity) return true;
    var c = data.claims[id];
    return !!c && c.entities.indexOf(state.entity) >= 0;
  }

  // --- charts ---------------------------------------------------------------------------

  var ARRAYS = ["x", "y", "customdata", "hovertext", "text"];
  var MARKER_ARRAYS = ["symbol", "size", "color", "opacity"];

  function keepIndices(trace, keep) {
    var out = {};
    for (var k in trace) out[k] = trace[k];
    ARRAYS.forEach(function (name) {
      if (Array.isArray(trace[name])) out[name] = keep.map(function (i) { return trace[name][i]; });
    });
    if (trace.marker) {
      var m = {};
      for (var mk in trace.marker) m[mk] = trace.marker[mk];
      MARKER_ARRAYS.forEach(function (name) {
        if (Array.isArray(m[name])) m[name] = keep.map(function (i) { return trace.marker[name][i]; });
      });
      if (m.line) {
        var line = {};
        for (var lk in m.line) line[lk] = m.line[lk];
        ["color", "width"].forEach(function (name) {
          if (Array.isArray(line[name])) line[name] = keep.map(function (i) { return m.line[name][i]; });
        });
        m.line = line;
      }
      out.marker = m;
    }
    return out;
  }

  function filtered(figure) {
    var traces = [];
    var connectors = {};
    figure.data.forEach(function (trace) {
      var role = trace.meta && trace.meta.role;
      var ids = trace.customdata || [];
      if (role === "finding") { // segments separated by nulls, one per finding in meta.findings
        var keepF = [], segment = [], k = 0;
        ids.forEach(function (id, i) {
          segment.push(i);
          if (id !== null) return;
          if (segment.slice(0, -1).every(function (j) { return shows(ids[j]); })) {
            keepF = keepF.concat(segment);
            connectors[trace.meta.findings[k]] = true;
          }
          segment = [];
          k += 1;
        });
        if (keepF.length) traces.push(keepF.length === ids.length ? trace : keepIndices(trace, keepF));
        return;
      }
      var keep = [];
      ids.forEach(function (id, i) { if (shows(id)) keep.push(i); });
      traces.push(keep.length === ids.length ? trace : keepIndices(trace, keep));
    });
    var layout = {};
    for (var k in figure.layout) layout[k] = figure.layout[k];
    layout.annotations = (figure.layout.annotations || []).filter(function (a) {
      return !a.name || connectors[a.name];
    });
    return { data: traces, layout: layout };
  }

  function draw(node) {
    var i = node.getAttribute("data-index");
    if (drawn[i] === state.entity) return;
    var fig = filtered(data.topics[+i].figure);
    var first = !(i in drawn);
    drawn[i] = state.entity;
    Plotly.react(node, fig.data, fig.layout, config).then(function () {
      if (first) {
        node.on("plotly_click", function (event) {
          var p = event && event.points && event.points[0];
          if (p && p.data && p.data.meta && p.data.meta.role === "claims") showClaim(p.customdata);
        });
      }
    });
  }

  // A chart is drawn when it comes near the window (drawing dozens of large charts at once
  // would hold the page for a long time), and drawn again there after a filter changes.
  var near = {};
  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var i = entry.target.getAttribute("data-index");
      near[i] = entry.isIntersecting;
      if (entry.isIntersecting && !entry.target.closest("section").hidden) draw(entry.target);
    });
  }, { rootMargin: "800px 0px" }) : null;

  function drawVisible() {
    document.querySelectorAll(".chart[data-index]").forEach(function (node) {
      if (node.closest("section").hidden) return; // drawn when shown: a hidden chart has no size
      if (!observer || near[node.getAttribute("data-index")]) draw(node);
    });
  }

  // --- the claim panel ------------------------------------------------------------------

  function row(dl, label, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", null, label));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value);
    else dd.textContent = String(value);
    dl.appendChild(dd);
  }

  function showClaim(id) {
    var c = data.claims[id];
    var panel = document.getElementById("detail");
    if (!c) return;
    var s = data.sources[c.source] || {};
    panel.textContent = "";
    panel.setAttribute("data-claim", id);
    panel.appendChild(el("p", "detail-kind", c.topic + " · " + c.property));
    panel.appendChild(el("h3", "detail-value", c.value_text + (c.period && c.value_kind !== "time" ? " for " + c.period : "")));
    var quote = el("blockquote", "detail-quote", c.quote);
    panel.appendChild(quote);
    var sentence = el("p", "detail-sentence");
    var a = c.start - c.sentence_start, b = c.end - c.sentence_start;
    if (a >= 0 && b <= c.sentence.length && a <= b) {
      sentence.appendChild(document.createTextNode(c.sentence.slice(0, a)));
      sentence.appendChild(el("mark", null, c.sentence.slice(a, b)));
      sentence.appendChild(document.createTextNode(c.sentence.slice(b)));
    } else {
      sentence.textContent = c.sentence;
    }
    panel.appendChild(el("p", "detail-label", "in its sentence"));
    panel.appendChild(sentence);
    var dl = el("dl", "detail-facts");
    row(dl, "subject", c.subject);
    row(dl, "series", c.series);
    row(dl, "period", c.period_text);
    var quals = Object.keys(c.qualifiers || {}).filter(function (k) { return c.qualifiers[k] !== null; })
      .map(function (k) { return k + ": " + (typeof c.qualifiers[k] === "object" ? JSON.stringify(c.qualifiers[k]) : c.qualifiers[k]); });
    row(dl, "qualifiers", quals.join("; "));
    row(dl, "certainty", c.certainty);
    row(dl, "attributed to", c.origin && c.origin.length ? c.origin.join(" → ") : c.attributed_to);
    if (c.backing) {
      row(dl, "backing", c.backing.articles + " article" + (c.backing.articles === 1 ? "" : "s") + ", " +
        c.backing.origins + " independent origin" + (c.backing.origins === 1 ? "" : "s") +
        (c.backing.labels.length ? ": " + c.backing.labels.join("; ") : ""));
    }
    row(dl, "article", s.title);
    row(dl, "publisher", s.publisher);
    row(dl, "published", (s.published || "unknown") + " (" + (s.published_basis || "unknown") + ")");
    row(dl, "file", s.file);
    if (s.url) {
      var link = el("a", null, s.url);
      link.href = s.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      row(dl, "url", link);
    }
    row(dl, "offsets", "characters " + c.start + "–" + c.end + " (sentence from " + c.sentence_start + ")");
    row(dl, "rule", c.rule);
    row(dl, "claim id", c.id);
    row(dl, "article id", c.source);
    panel.appendChild(dl);
    if (c.findings.length) {
      panel.appendChild(el("p", "detail-label", "findings citing it"));
      var ul = el("ul", "detail-findings");
      c.findings.forEach(function (fid) {
        var f = data.findings[fid];
        if (!f) return;
        var li = el("li", "severity-" + f.severity);
        li.appendChild(el("b", null, (f.number ? f.number + " · " : "") + f.kind.replace(/_/g, " ") + ": "));
        li.appendChild(document.createTextNode(f.explanation));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    panel.appendChild(el("p", "detail-cli", "xiaomi-ev-kb provenance " + c.id));
    document.querySelectorAll(".claim-link.selected, tr.selected").forEach(function (n) { n.classList.remove("selected"); });
    document.querySelectorAll('[data-claim="' + CSS.escape(id) + '"]').forEach(function (n) {
      if (n !== panel) n.classList.add("selected");
    });
  }

  // --- lists beside the charts, built in pages of CHUNK items ------------------------------

  var CHUNK = 50, SIDE_SHOWN = 6;

  function claimButton(id, withDate) {
    var c = data.claims[id];
    var button = el("button", "claim-link");
    button.type = "button";
    button.setAttribute("data-claim", id);
    if (withDate) button.appendChild(el("span", "when", (c.published || "undated") + " "));
    button.appendChild(el("span", "value", c.value_text + " "));
    button.appendChild(el("span", "src", c.cite));
    button.appendChild(el("q", null, c.quote));
    button.addEventListener("click", function () { showClaim(id); });
    return button;
  }

  function findingItem(f) {
    var li = el("li", "finding severity-" + f.severity);
    li.setAttribute("data-finding", f.id);
    var what = el("p", "what");
    what.appendChild(el("span", "badge", f.number));
    what.appendChild(document.createTextNode(" "));
    what.appendChild(el("b", null, f.kind.replace(/_/g, " ")));
    what.appendChild(document.createTextNode(" · " + f.severity + " · "));
    what.appendChild(el("code", null, f.id));
    li.appendChild(what);
    li.appendChild(el("p", "explanation", f.explanation));
    f.sides.forEach(function (side, n) {
      var b = f.backing[n];
      var div = el("div", "side");
      var head = "side " + (n + 1);
      if (b) head += ": " + b.articles + " article" + (b.articles === 1 ? "" : "s") + ", " + b.origins + " independent origin" + (b.origins === 1 ? "" : "s");
      div.appendChild(el("p", "side-head", head));
      var ul = el("ul");
      side.slice(0, SIDE_SHOWN).forEach(function (id) {
        if (!data.claims[id]) return;
        ul.appendChild(el("li")).appendChild(claimButton(id, true));
      });
      div.appendChild(ul);
      if (side.length > SIDE_SHOWN) div.appendChild(el("p", "more-note", "… and " + (side.length - SIDE_SHOWN) + " more claims on this side (all ringed on the chart)"));
      li.appendChild(div);
    });
    return li;
  }

  function topicOf(name) { return data.topics.filter(function (t) { return t.topic === name; })[0]; }

  function fillList(list, kind) {
    var t = topicOf(list.getAttribute("data-topic"));
    var items = kind === "findings" ? t.findings : t.undated;
    var from = list.children.length;
    items.slice(from, from + CHUNK).forEach(function (id) {
      if (kind === "findings") list.appendChild(findingItem(data.findings[id]));
      else list.appendChild(el("li")).appendChild(claimButton(id, false));
    });
    var more = list.parentNode.querySelector('button.more[data-more="' + kind + '"]');
    var left = items.length - list.children.length;
    more.hidden = left <= 0;
    more.textContent = "show " + Math.min(left, CHUNK) + " more of " + left;
  }

  function buildSources(details) {
    var slot = details.querySelector(".table-slot");
    if (slot.firstChild) return;
    var rows = Object.keys(data.sources).map(function (k) { return data.sources[k]; });
    rows.sort(function (a, b) { return (a.published || "9999").localeCompare(b.published || "9999") || a.file.localeCompare(b.file); });
    var table = el("table", "sources-table");
    var head = el("tr");
    ["published", "basis", "publisher", "title", "file", "article id"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    rows.forEach(function (s) {
      var tr = el("tr");
      [s.published || "unknown", s.published_basis, s.publisher || "—", s.title || "—", s.file, s.id].forEach(function (v) { tr.appendChild(el("td", null, v)); });
      body.appendChild(tr);
    });
    table.appendChild(body);
    slot.appendChild(table);
  }

  // --- the claims table of a topic (built when first opened) ----------------------------

  function buildTable(details) {
    var topic = details.getAttribute("data-topic");
    var t = topicOf(topic);
    var slot = details.querySelector(".table-slot");
    if (!t || slot.firstChild) return;
    var table = el("table", "claims-table");
    var head = el("tr");
    ["published", "source", "claim", "certainty", "quote", "id"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    t.claims.forEach(function (id) {
      var c = data.claims[id];
      var tr = el("tr");
      tr.setAttribute("data-claim", id);
      tr.appendChild(el("td", null, c.published || "undated"));
      tr.appendChild(el("td", null, c.cite));
      tr.appendChild(el("td", null, c.property + " = " + c.value_text + (c.period && c.value_kind !== "time" ? " for " + c.period : "")));
      tr.appendChild(el("td", null, c.certainty));
      tr.appendChild(el("td", "quote", c.quote));
      tr.appendChild(el("td", "id", c.id));
      tr.addEventListener("click", function () { showClaim(id); });
      body.appendChild(tr);
    });
    table.appendChild(body);
    slot.appendChild(table);
    applyEntity();
  }

  // --- filters ----------------------------------------------------------------------------

  function applyEntity() {
    document.querySelectorAll("[data-claim]").forEach(function (node) {
      if (node.id === "detail") return;
      var item = node.tagName === "TR" ? node : node.closest("li") || node;
      item.hidden = !shows(node.getAttribute("data-claim"));
    });
    document.querySelectorAll("li.finding").forEach(function (li) {
      var f = data.findings[li.getAttribute("data-finding")];
      li.hidden = !f.sides.some(function (side) { return side.some(shows); });
    });
  }

  function apply() {
    var shown = 0;
    document.querySelectorAll("section.topic").forEach(function (section) {
      section.hidden = !!state.topic && section.getAttribute("data-topic") !== state.topic;
    });
    document.querySelectorAll("nav.toc a").forEach(function (a) {
      a.classList.toggle("off", !!state.topic && a.getAttribute("data-topic") !== state.topic);
    });
    applyEntity();
    drawVisible();
    data.topics.forEach(function (t) {
      if (!state.topic || t.topic === state.topic) shown += t.claims.filter(shows).length;
    });
    var note = document.getElementById("filter-note");
    note.textContent = state.topic || state.entity ? shown + " of " + Object.keys(data.claims).length + " claims shown" : "";
    var hash = [];
    if (state.topic) hash.push("topic=" + encodeURIComponent(state.topic));
    if (state.entity) hash.push("entity=" + encodeURIComponent(state.entity));
    var wanted = hash.length ? "#" + hash.join("&") : "";
    if (location.hash !== wanted && (wanted || location.hash.indexOf("=") >= 0)) {
      history.replaceState(null, "", wanted || location.pathname + location.search);
    }
  }

  function readHash() {
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var kv = part.split("=");
      if (kv.length !== 2) return;
      var value = decodeURIComponent(kv[1]);
      if (kv[0] === "topic" && data.topics.some(function (t) { return t.topic === value; })) state.topic = value;
      if (kv[0] === "entity" && data.entities.indexOf(value) >= 0) state.entity = value;
    });
    document.getElementById("filter-topic").value = state.topic;
    document.getElementById("filter-entity").value = state.entity;
  }

  document.getElementById("filter-topic").addEventListener("change", function (e) { state.topic = e.target.value; apply(); });
  document.getElementById("filter-entity").addEventListener("change", function (e) { state.entity = e.target.value; apply(); });
  document.getElementById("filter-reset").addEventListener("click", function () {
    state.topic = ""; state.entity = "";
    document.getElementById("filter-topic").value = "";
    document.getElementById("filter-entity").value = "";
    apply();
  });
  document.querySelectorAll("ol.finding-list").forEach(function (list) { fillList(list, "findings"); });
  document.querySelectorAll("ul.undated-list").forEach(function (list) { fillList(list, "undated"); });
  document.querySelectorAll("button.more").forEach(function (button) {
    button.addEventListener("click", function () {
      var kind = button.getAttribute("data-more");
      fillList(button.parentNode.querySelector(kind === "findings" ? "ol.finding-list" : "ul.undated-list"), kind);
      applyEntity();
    });
  });
  document.querySelectorAll("details.claims").forEach(function (details) {
    details.addEventListener("toggle", function () { if (details.open) buildTable(details); });
  });
  document.querySelectorAll("details.sources").forEach(function (details) {
    details.addEventListener("toggle", function () { if (details.open) buildSources(details); });
  });

  window.kbReport = { data: data, state: state, showClaim: showClaim };
  readHash();
  apply();
  if (observer) document.querySelectorAll(".chart[data-index]").forEach(function (node) { observer.observe(node); });
})();
