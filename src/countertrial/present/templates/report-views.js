/* The contact network (Cytoscape.js) and the timelines (vis-timeline), drawn from the JSON block
   #report-views-data. Both libraries are inlined above this script; without them the page keeps its
   tables and says what is missing. Text from the corpus only ever reaches the page through
   textContent or attributes, never as HTML; a finding's passages are cloned from its card, which the
   server already escaped. */
(function () {
  "use strict";
  var source = document.getElementById("report-views-data");
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var api = window.countertrialViews = { network: null, timeline: null, networkLaidOutAt: null };
  var claims = data.claims || {};
  var findings = data.findings || {};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function link(href, text, cls) {
    var a = el("a", cls, text);
    a.setAttribute("href", href);
    return a;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function claimBlock(cid, note) {
    var c = claims[cid];
    var li = el("li", "detail-claim");
    li.setAttribute("data-claim", cid);
    if (!c) { li.appendChild(el("code", null, cid)); return li; }
    var head = el("p", "detail-head");
    head.appendChild(el("span", "kind-label", c.label));
    if (c.polarity === "denied") { head.appendChild(el("span", "badge denied", "denied")); }
    if (note) { head.appendChild(el("span", "sub", " " + note)); }
    head.appendChild(document.createTextNode(" "));
    head.appendChild(link("#" + c.dom, cid, "claim-ref"));
    li.appendChild(head);
    li.appendChild(el("blockquote", "detail-quote", c.quote));
    var meta = el("p", "detail-meta");
    var bits = [];
    if (c.people && c.people.length) { bits.push(c.people.join(", ")); }
    if (c.place) { bits.push(c.place); }
    if (c.time) { bits.push(c.time); }
    if (c.speaker) { bits.push("says " + c.speaker); }
    meta.appendChild(document.createTextNode(bits.join(" · ") + (bits.length ? " · " : "")));
    if (c.href) { meta.appendChild(link(c.href, c.doc, "cite")); } else { meta.appendChild(document.createTextNode(c.doc)); }
    li.appendChild(meta);
    return li;
  }

  function findingBlock(fid, role) {
    var f = findings[fid];
    var li = el("li", "detail-finding tone-" + (f ? f.tone : "conflicts"));
    li.setAttribute("data-finding", fid);
    var head = el("p", "detail-head");
    head.appendChild(el("span", "swatch"));
    head.appendChild(el("span", "kind-label", f ? f.label : "finding"));
    if (role) { head.appendChild(el("span", "sub", " " + role)); }
    if (f && f.contested) { head.appendChild(el("span", "badge contested", "contested")); }
    head.appendChild(document.createTextNode(" "));
    head.appendChild(f ? link("#" + f.dom, fid, "finding-ref") : el("code", null, fid));
    li.appendChild(head);
    if (!f) { return li; }
    li.appendChild(el("p", "detail-summary", f.summary));
    var card = document.getElementById(f.dom);
    var passages = card && card.querySelector(".passages");
    if (passages) {
      var copy = passages.cloneNode(true);
      copy.classList.add("detail-passages");
      var withIds = copy.querySelectorAll("[id]");
      for (var i = 0; i < withIds.length; i++) { withIds[i].removeAttribute("id"); }
      li.appendChild(copy);
    }
    return li;
  }

  function section(panel, title, nodes) {
    if (!nodes.length) { return; }
    panel.appendChild(el("h4", null, title));
    var ul = el("ul", "detail-list");
    nodes.forEach(function (n) { ul.appendChild(n); });
    panel.appendChild(ul);
  }

  // ---------------------------------------------------------------------------------------------
  // Contact network

  var STATUS_COLOURS = { asserted: "#7d8793", corroborated: "#2f6b3a", refuted: "#9b2c2c", contested: "#c07a1c" };

  function showLink(edge) {
    var panel = document.getElementById("network-detail");
    if (!panel || !edge) { return; }
    clear(panel);
    panel.setAttribute("data-link", edge.id);
    var h = el("h3", "detail-title", edge.source_name + " — " + edge.target_name);
    panel.appendChild(h);
    var status = el("p", "detail-status status-" + edge.status);
    status.appendChild(el("span", "link-swatch"));
    var when = edge.earliest ? (edge.earliest + (edge.latest && edge.latest !== edge.earliest ? " – " + edge.latest : "")) : "";
    status.appendChild(document.createTextNode(edge.status + (when ? " · " + when : "") +
      " · " + edge.claims.length + " claim" + (edge.claims.length === 1 ? "" : "s")));
    panel.appendChild(status);
    var roles = [["refuted_by", "refutes it"], ["contested_by", "contested"], ["corroborated_by", "corroborates it"],
                 ["dependent_support", "agrees, but not independently"], ["conflicts", "accounts of it differ"]];
    var done = {};
    var fs = [];
    roles.forEach(function (r) {
      (edge[r[0]] || []).forEach(function (fid) {
        if (done[fid]) { return; }
        done[fid] = true;
        fs.push(findingBlock(fid, r[1]));
      });
    });
    section(panel, "Findings", fs);
    section(panel, "Claims", edge.claims.map(function (cid) { return claimBlock(cid); }));
    section(panel, "Denied by", (edge.denied_by || []).map(function (cid) { return claimBlock(cid, "denies it"); }));
  }

  function drawNetwork() {
    var net = data.network;
    var box = document.getElementById("network-canvas");
    if (!net || !box || typeof window.cytoscape !== "function") { return; }
    var byId = {};
    net.edges.forEach(function (e) { byId[e.id] = e; });
    var elements = [];
    net.nodes.forEach(function (n) {
      elements.push({ group: "nodes", data: { id: n.id, name: n.name, degree: n.degree }, position: { x: n.x, y: n.y } });
    });
    net.edges.forEach(function (e) {
      elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, status: e.status } });
    });
    var cy = window.cytoscape({
      container: box,
      elements: elements,
      boxSelectionEnabled: false,
      minZoom: 0.1,
      maxZoom: 3,
      autoungrabify: false,
      style: [
        { selector: "node", style: {
          "label": "data(name)", "font-family": "system-ui, sans-serif", "font-size": 12, "min-zoomed-font-size": 6, "color": "#1f2328",
          "text-valign": "bottom", "text-margin-y": 3, "text-background-color": "#fdfcf9", "text-background-opacity": 0.8,
          "text-background-padding": 1, "background-color": "#2f4f6f",
          "width": "mapData(degree, 1, 12, 12, 30)", "height": "mapData(degree, 1, 12, 12, 30)" } },
        { selector: "edge", style: { "width": 2.5, "line-color": STATUS_COLOURS.asserted, "curve-style": "straight", "overlay-padding": 6 } },
        { selector: "edge[status = 'corroborated']", style: { "line-color": STATUS_COLOURS.corroborated, "width": 4 } },
        { selector: "edge[status = 'refuted']", style: { "line-color": STATUS_COLOURS.refuted, "line-style": "dashed", "width": 3 } },
        { selector: "edge[status = 'contested']", style: { "line-color": STATUS_COLOURS.contested, "line-style": "dotted", "width": 4 } },
        { selector: "edge:selected", style: { "underlay-color": "#eabf3a", "underlay-opacity": 0.7, "underlay-padding": 6, "z-index": 10 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#eabf3a" } }
      ],
      layout: { name: "preset" }
    });
    api.network = cy;
    cy.on("tap", "edge", function (evt) { showLink(byId[evt.target.id()]); });
    cy.on("tap", "node", function (evt) {
      var node = evt.target;
      cy.elements().unselect();
      node.connectedEdges().select();
    });
    var layout = cy.layout({
      name: "cose", randomize: false, animate: false, fit: true, padding: 20,
      nodeRepulsion: function () { return 60000; }, idealEdgeLength: function () { return 70; },
      edgeElasticity: function () { return 60; }, nodeOverlap: 30, gravity: 8, numIter: 2000, componentSpacing: 30
    });
    layout.on("layoutstop", function () {
      // A small network fitted to the box would be drawn huge: keep labels at reading size.
      if (cy.zoom() > 1.1) { cy.zoom(1.1); cy.center(); }
      api.networkLaidOutAt = performance.now();
      box.setAttribute("data-laid-out", "true");
      // A picture of the network for printing: the canvas does not follow the page onto paper.
      window.setTimeout(function () {
        var img = document.getElementById("network-print") || el("img", "print-only");
        img.id = "network-print";
        img.alt = "The contact network as drawn on screen";
        img.src = cy.png({ full: true, scale: 2, bg: "#ffffff" });
        if (!img.parentNode) { box.parentNode.insertBefore(img, box.nextSibling); }
      }, 0);
    });
    layout.run();

    var buttons = document.querySelectorAll("#links-table button.link-select");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function (evt) {
        var id = evt.currentTarget.getAttribute("data-link");
        cy.elements().unselect();
        cy.getElementById(id).select();
        showLink(byId[id]);
        document.getElementById("network").scrollIntoView();
      });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Timelines

  function drawTimeline() {
    var tl = data.timeline;
    var box = document.getElementById("timeline");
    if (!tl || !box || !window.vis || typeof window.vis.Timeline !== "function") { return; }
    var panel = document.getElementById("timeline-detail");
    var select = document.getElementById("timeline-lanes");
    var count = document.getElementById("timeline-count");
    var controls = document.getElementById("timeline-controls");
    var items = new window.vis.DataSet();
    var groups = new window.vis.DataSet();
    var byId = {};

    function laneLabel(lane) {
      var s = el("span", "lane-label", lane.name);
      s.title = lane.name + ": " + lane.count + " claim" + (lane.count === 1 ? "" : "s");
      return s;
    }
    function setLanes(kind) {
      var view = tl[kind];
      byId = {};
      items.clear();
      groups.clear();
      groups.add(view.lanes.map(function (lane, i) { return { id: lane.id, content: laneLabel(lane), order: i }; }));
      var rows = view.items.map(function (it) {
        byId[it.id] = it;
        return { id: it.id, group: it.lane, start: it.start, end: it.end, type: "range", className: it.cls, content: "" };
      });
      if (kind === "people") {
        (tl.zones || []).forEach(function (z, i) {
          var id = "zone-" + i;
          byId[id] = { zone: z };
          rows.push({ id: id, group: z.person, start: z.start, end: addDay(z.end), type: "background", className: "clash-zone", content: "" });
        });
      }
      items.add(rows);
      if (count) {
        count.textContent = view.items.length + " bar" + (view.items.length === 1 ? "" : "s") + " in " +
          view.lanes.length + " lane" + (view.lanes.length === 1 ? "" : "s");
      }
    }
    function addDay(iso) {
      var d = new Date(iso + "T00:00:00Z");
      d.setUTCDate(d.getUTCDate() + 1);
      return d.toISOString().slice(0, 10);
    }
    function template(item) {
      var it = byId[item.id];
      var s = el("span", "bar-label");
      if (!it || it.zone) { return s; }
      s.textContent = it.label;
      var c = claims[it.claim];
      s.title = (c ? c.quote + "\n" : "") + it.certainty;
      return s;
    }
    function showItem(id) {
      var it = byId[id];
      if (!panel || !it) { return; }
      clear(panel);
      if (it.zone) {
        panel.setAttribute("data-item", id);
        panel.appendChild(el("h3", "detail-title", "Alibi"));
        section(panel, "Finding", [findingBlock(it.zone.finding, "")]);
        return;
      }
      panel.setAttribute("data-item", id);
      panel.appendChild(el("h3", "detail-title", it.label));
      panel.appendChild(el("p", "detail-status", it.certainty));
      section(panel, "Claim", [claimBlock(it.claim)]);
      section(panel, "Contradicted in", (it.findings || []).map(function (fid) { return findingBlock(fid, ""); }));
    }

    /* The window first shown: where most bars are (5th to 95th percentile of their bounds), so that
       one claim spanning decades does not squeeze all the others into a line. */
    function usualWindow(kind) {
      var starts = tl[kind].items.map(function (it) { return it.start; }).sort();
      var ends = tl[kind].items.map(function (it) { return it.end; }).sort();
      if (!starts.length) { return null; }
      var a = new Date(starts[Math.floor(0.05 * (starts.length - 1))] + "T00:00:00Z").getTime();
      var b = new Date(ends[Math.ceil(0.95 * (ends.length - 1))] + "T00:00:00Z").getTime();
      var pad = Math.max((b - a) * 0.04, 86400000 * 3);
      return { start: new Date(a - pad), end: new Date(b + pad) };
    }

    setLanes("people");
    var first = usualWindow("people");
    var timeline = new window.vis.Timeline(box, items, groups, {
      stack: true,
      orientation: "top",
      zoomKey: "ctrlKey",
      maxHeight: 620,
      verticalScroll: true,
      showCurrentTime: false,
      selectable: true,
      groupOrder: "order",
      margin: { item: { horizontal: 2, vertical: 4 } },
      template: template,
      tooltip: { followMouse: false },
      start: first ? first.start : undefined,
      end: first ? first.end : undefined
    });
    api.timeline = timeline;
    if (controls) { controls.hidden = false; }
    timeline.on("select", function (props) { if (props.items && props.items.length) { showItem(props.items[0]); } });
    timeline.on("click", function (props) { if (props.item !== null && props.item !== undefined) { showItem(props.item); } });
    if (select) {
      select.addEventListener("change", function () {
        setLanes(select.value);
        var w = usualWindow(select.value);
        if (w) { timeline.setWindow(w.start, w.end, { animation: false }); }
      });
    }
    // On paper every lane is shown, not the first screenful.
    window.addEventListener("beforeprint", function () { timeline.setOptions({ maxHeight: null, verticalScroll: false }); timeline.redraw(); });
    window.addEventListener("afterprint", function () { timeline.setOptions({ maxHeight: 620, verticalScroll: true }); });
    var fit = document.getElementById("timeline-fit");
    if (fit) { fit.addEventListener("click", function () { timeline.fit({ animation: false }); }); }

    /* Show a finding's bars: its lanes scrolled to, its bars selected and in view. */
    api.focusFinding = function (fid) {
      if (select && select.value !== "people") { select.value = "people"; setLanes("people"); }
      // An alibi is about one person: show the bars in that person's lane, not in everyone's they name.
      var lanes = {};
      (tl.zones || []).forEach(function (z) { if (z.finding === fid) { lanes[z.person] = true; } });
      var some = Object.keys(lanes).length > 0;
      var ids = tl.people.items.filter(function (it) {
        return (it.findings || []).indexOf(fid) !== -1 && (!some || lanes[it.lane]);
      }).map(function (it) { return it.id; });
      if (!ids.length) { return false; }
      timeline.setSelection(ids);
      timeline.focus(ids, { animation: false });
      // A little context on both sides, so the bars around the clash show too.
      var w = timeline.getWindow();
      var span = w.end.getTime() - w.start.getTime();
      timeline.setWindow(new Date(w.start.getTime() - span * 0.3), new Date(w.end.getTime() + span * 0.3), { animation: false });
      showItem(ids[0]);
      return true;
    };
    // Each finding card whose claims are on the timelines gets a button to see them there.
    var onTimeline = {};
    tl.people.items.forEach(function (it) { (it.findings || []).forEach(function (fid) { onTimeline[fid] = true; }); });
    Object.keys(onTimeline).forEach(function (fid) {
      var f = findings[fid];
      var card = f && document.getElementById(f.dom);
      var foot = card && card.querySelector(".finding-foot");
      if (!foot) { return; }
      var b = el("button", "show-on-timeline no-print", "Show on the timeline");
      b.type = "button";
      b.addEventListener("click", function () {
        document.getElementById("timelines").scrollIntoView();
        api.focusFinding(fid);
      });
      foot.appendChild(b);
    });
  }

  try { drawNetwork(); } catch (err) { window.console.error("network: " + err); }
  try { drawTimeline(); } catch (err) { window.console.error("timeline: " + err); }
}());
