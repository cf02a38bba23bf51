// Landmark editor for assessment photos. Loaded with defer; no inline scripts (CSP).
//
// Click or touch the photo to place the points in order, drag a point to adjust it.
// The points go into hidden inputs of the section's form, so the form posts them
// like any other field. The angle shown here is a live preview only: it mirrors
// assessments/angles.py, and the server recomputes and stores its own number.
//
// A read-only photo (a signed assessment) is drawn by the same code, from the points
// the server drew, so its markers have the editor's size and labels; it takes no input.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var COINCIDENT_PX = 1e-6;
  var NAMES = { fppa: ["hip", "knee", "ankle"], pelvic: ["left", "right"] };
  var LABELS = {
    hip: "the hip",
    knee: "the knee centre",
    ankle: "the ankle midpoint",
    left: "the client's left pelvic point",
    right: "the client's right pelvic point"
  };
  var SHORT = { hip: "H", knee: "K", ankle: "A", left: "L", right: "R" };
  var HIT_PX = 22; // how close (in screen pixels) a touch must be to grab a point

  function distance(a, b) {
    return Math.hypot(b[0] - a[0], b[1] - a[1]);
  }

  // docs/clinical.md §2.1, as assessments.angles.fppa.
  function fppa(hip, knee, ankle, leg, view) {
    var direction = (leg === "right" ? 1 : -1) * (view === "front" ? 1 : -1);
    if (distance(hip, knee) <= COINCIDENT_PX || distance(knee, ankle) <= COINCIDENT_PX ||
        distance(hip, ankle) <= COINCIDENT_PX) {
      return null;
    }
    var ux = hip[0] - knee[0], uy = hip[1] - knee[1];
    var vx = ankle[0] - knee[0], vy = ankle[1] - knee[1];
    var interior = Math.atan2(Math.abs(ux * vy - uy * vx), ux * vx + uy * vy) * 180 / Math.PI;
    var magnitude = 180 - interior;
    if (magnitude === 0) return 0;
    var dx = ankle[0] - hip[0], dy = ankle[1] - hip[1];
    var t = ((knee[0] - hip[0]) * dx + (knee[1] - hip[1]) * dy) / (dx * dx + dy * dy);
    var offsetX = knee[0] - (hip[0] + t * dx);
    return (offsetX * direction >= 0 ? 1 : -1) * magnitude;
  }

  // docs/clinical.md §1.3, as assessments.angles.pelvic_drop.
  function pelvicDrop(left, right, stance) {
    if (distance(left, right) <= COINCIDENT_PX) return null;
    var dx = Math.abs(right[0] - left[0]);
    if (dx <= COINCIDENT_PX) return null;
    var stancePoint = stance === "left" ? left : right;
    var freePoint = stance === "left" ? right : left;
    return Math.atan2(freePoint[1] - stancePoint[1], dx) * 180 / Math.PI;
  }

  function svgElement(name, attributes) {
    var element = document.createElementNS(SVG_NS, name);
    Object.keys(attributes).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    return element;
  }

  function Editor(root) {
    this.root = root;
    this.measure = root.dataset.measure;
    this.side = root.dataset.side;
    this.width = parseFloat(root.dataset.width);
    this.height = parseFloat(root.dataset.height);
    this.names = NAMES[this.measure];
    this.readonly = root.hasAttribute("data-readonly");
    this.svg = root.querySelector(".landmark-overlay");
    this.radius = parseFloat(this.svg.dataset.radius) || 8;
    this.lineWidth = parseFloat(this.svg.dataset.line) || 2;
    this.output = root.querySelector(".landmark-angle");
    this.prompt = root.querySelector(".landmark-prompt");
    this.view = root.querySelector(".landmark-view") || root.querySelector('input[name$="-view"]');
    this.inputs = {};
    this.points = {};
    this.dragging = null;
    var self = this;
    root.querySelectorAll(".landmark-input").forEach(function (input) {
      var name = input.dataset.point;
      self.inputs[name] = self.inputs[name] || {};
      self.inputs[name][input.dataset.axis] = input;
    });
    this.names.forEach(function (name) {
      var pair = self.inputs[name];
      if (pair && pair.x.value !== "" && pair.y.value !== "") {
        self.points[name] = [parseFloat(pair.x.value), parseFloat(pair.y.value)];
      }
    });
    // Marker sizes follow the photo's size on screen: redraw once it is laid out.
    var image = root.querySelector(".landmark-image");
    if (image && !image.complete) image.addEventListener("load", function () { self.render(); });
    window.addEventListener("resize", function () { self.render(); });
    if (this.readonly) {
      this.svg.querySelectorAll("[data-point] circle").forEach(function (circle) {
        var name = circle.parentNode.dataset.point;
        self.points[name] = [parseFloat(circle.getAttribute("cx")), parseFloat(circle.getAttribute("cy"))];
      });
      this.render();
      return;
    }
    this.undoButton = root.querySelector(".landmark-undo");
    this.clearButton = root.querySelector(".landmark-clear");
    if (this.undoButton) {
      this.undoButton.hidden = false;
      this.undoButton.addEventListener("click", function () { self.undo(); });
    }
    if (this.clearButton) {
      this.clearButton.hidden = false;
      this.clearButton.addEventListener("click", function () { self.clear(); });
    }
    if (this.view && this.view.tagName === "SELECT") {
      this.view.addEventListener("change", function () { self.render(); });
    }
    this.svg.addEventListener("pointerdown", function (event) { self.down(event); });
    this.svg.addEventListener("pointermove", function (event) { self.move(event); });
    this.svg.addEventListener("pointerup", function (event) { self.up(event); });
    this.svg.addEventListener("pointercancel", function (event) { self.up(event); });
    this.render();
  }

  Editor.prototype.toImage = function (event) {
    var matrix = this.svg.getScreenCTM();
    if (!matrix) return null;
    var point = this.svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var local = point.matrixTransform(matrix.inverse());
    return [
      Math.min(Math.max(local.x, 0), this.width),
      Math.min(Math.max(local.y, 0), this.height)
    ];
  };

  Editor.prototype.imageUnitsPerPixel = function () {
    var box = this.svg.getBoundingClientRect();
    return box.width ? this.width / box.width : 1;
  };

  Editor.prototype.nearest = function (point) {
    var best = null, bestDistance = HIT_PX * this.imageUnitsPerPixel();
    var self = this;
    this.names.forEach(function (name) {
      var placed = self.points[name];
      if (placed && distance(placed, point) <= bestDistance) {
        best = name;
        bestDistance = distance(placed, point);
      }
    });
    return best;
  };

  Editor.prototype.nextName = function () {
    var self = this;
    return this.names.find(function (name) { return !self.points[name]; }) || null;
  };

  Editor.prototype.down = function (event) {
    if (event.button !== undefined && event.button > 0) return;
    var point = this.toImage(event);
    if (!point) return;
    var name = this.nearest(point) || this.nextName();
    if (!name) return;
    event.preventDefault();
    this.dragging = name;
    this.points[name] = point;
    if (this.svg.setPointerCapture) this.svg.setPointerCapture(event.pointerId);
    this.changed();
  };

  Editor.prototype.move = function (event) {
    if (!this.dragging) return;
    event.preventDefault();
    var point = this.toImage(event);
    if (!point) return;
    this.points[this.dragging] = point;
    this.changed();
  };

  Editor.prototype.up = function () {
    this.dragging = null;
    this.render();
  };

  Editor.prototype.undo = function () {
    var self = this;
    var placed = this.names.filter(function (name) { return self.points[name]; });
    if (placed.length) delete this.points[placed[placed.length - 1]];
    this.changed();
  };

  Editor.prototype.clear = function () {
    this.points = {};
    this.changed();
  };

  Editor.prototype.changed = function () {
    var self = this;
    this.names.forEach(function (name) {
      var pair = self.inputs[name];
      if (!pair) return;
      var point = self.points[name];
      pair.x.value = point ? point[0].toFixed(1) : "";
      pair.y.value = point ? point[1].toFixed(1) : "";
    });
    this.render();
  };

  Editor.prototype.angle = function () {
    var p = this.points;
    if (this.measure === "fppa") {
      if (!(p.hip && p.knee && p.ankle)) return undefined;
      var view = this.view ? this.view.value : "front";
      return fppa(p.hip, p.knee, p.ankle, this.side, view);
    }
    if (!(p.left && p.right)) return undefined;
    return pelvicDrop(p.left, p.right, this.side);
  };

  // The lines and markers, sized in screen pixels.
  Editor.prototype.draw = function () {
    var svg = this.svg, p = this.points, self = this;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    // Sizes in screen pixels, whatever the photo's resolution or how small it is shown.
    var unit = this.imageUnitsPerPixel();
    var width = Math.max(this.lineWidth, 2 * unit);
    var radius = Math.max(this.radius, 9 * unit);
    var placed = this.names.filter(function (name) { return p[name]; });

    if (this.measure === "fppa" && p.hip && p.ankle) {
      svg.appendChild(svgElement("line", {
        x1: p.hip[0], y1: p.hip[1], x2: p.ankle[0], y2: p.ankle[1],
        stroke: "#ffffff", "stroke-width": width, "stroke-dasharray": (width * 4) + " " + (width * 3),
        "stroke-opacity": "0.9"
      }));
    }
    if (this.measure === "pelvic" && placed.length) {
      var stance = p[this.side] || p[placed[0]];
      svg.appendChild(svgElement("line", {
        x1: 0, y1: stance[1], x2: this.width, y2: stance[1],
        stroke: "#ffffff", "stroke-width": width, "stroke-dasharray": (width * 4) + " " + (width * 3),
        "stroke-opacity": "0.8"
      }));
    }
    if (placed.length > 1) {
      svg.appendChild(svgElement("polyline", {
        points: placed.map(function (name) { return p[name].join(","); }).join(" "),
        fill: "none", stroke: "#ffd400", "stroke-width": width * 1.5
      }));
    }
    placed.forEach(function (name) {
      var group = svgElement("g", { "data-point": name });
      group.appendChild(svgElement("circle", {
        cx: p[name][0], cy: p[name][1], r: radius,
        fill: self.dragging === name ? "#ffd400" : "#0f5e63", "fill-opacity": "0.8",
        stroke: "#ffffff", "stroke-width": width
      }));
      var label = svgElement("text", {
        x: p[name][0], y: p[name][1], "text-anchor": "middle", "dominant-baseline": "central",
        "font-size": radius * 1.1, "font-weight": "bold", fill: "#ffffff"
      });
      label.textContent = SHORT[name];
      group.appendChild(label);
      svg.appendChild(group);
    });
  };

  // The markers, the live angle, the prompt and the buttons.
  Editor.prototype.render = function () {
    this.draw();
    if (this.readonly) return;
    var p = this.points;
    var placed = this.names.filter(function (name) { return p[name]; });
    var angle = this.angle();
    var title = this.measure === "fppa" ? "FPPA" : "Pelvic drop";
    if (angle === undefined) {
      this.output.textContent = title + " —";
    } else if (angle === null) {
      this.output.textContent = title + ": points overlap, move one";
    } else {
      var text = title + " " + angle.toFixed(1) + "°";
      if (this.measure === "fppa" && angle !== 0) text += angle > 0 ? " (valgus)" : " (varus)";
      this.output.textContent = text;
    }
    if (this.prompt) {
      var next = this.nextName();
      this.prompt.textContent = next
        ? "Next: tap " + LABELS[next] + (next === "left" ? " (from behind, on the image's left)" : "") + "."
        : "All points placed: drag one to adjust, then save the section.";
    }
    if (this.undoButton) this.undoButton.disabled = placed.length === 0;
    if (this.clearButton) this.clearButton.disabled = placed.length === 0;
  };

  function init(root) {
    if (!root || !root.querySelectorAll) return;
    var editors = Array.prototype.slice.call(root.querySelectorAll(".landmark-editor"));
    if (root.matches && root.matches(".landmark-editor")) editors.push(root);
    editors.forEach(function (element) {
      if (element.dataset.ready) return;
      element.dataset.ready = "1";
      new Editor(element);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();

// Clip uploads: send with XMLHttpRequest so a progress bar shows how far the upload is;
// the server's message (a refused clip) appears next to the field. Without this script
// the form posts normally.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("clip-upload")) return;
  event.preventDefault();
  const progress = form.querySelector(".clip-progress");
  const error = form.querySelector(".clip-error");
  const input = form.querySelector("input[type=file]");
  const button = form.querySelector("button[type=submit]");
  const request = new XMLHttpRequest();
  request.open("POST", form.action);
  request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
  progress.hidden = false;
  progress.value = 0;
  error.textContent = "";
  input.classList.remove("is-invalid");
  button.disabled = true;
  request.upload.addEventListener("progress", (step) => {
    if (step.lengthComputable) progress.value = Math.round((step.loaded / step.total) * 100);
  });
  request.addEventListener("load", () => {
    button.disabled = false;
    if (request.status >= 200 && request.status < 300) {
      window.location.assign(request.responseURL || window.location.href);
      return;
    }
    progress.hidden = true;
    input.classList.add("is-invalid");
    error.textContent = request.responseText || "The clip could not be uploaded.";
  });
  request.addEventListener("error", () => {
    button.disabled = false;
    progress.hidden = true;
    error.textContent = "The upload was interrupted: check the connection and try again.";
  });
  request.send(new FormData(form));
});

// Frame picker: next to each ready clip, large buttons step one frame back or forward
// (and the arrow keys, once the video has focus); the current time is shown and fills
// the "Use this frame" time field. Without this script the time is typed in.
function setUpFramePicker(videoElement) {
  const form = videoElement.parentElement.querySelector(".clip-frame");
  const field = form && form.querySelector(".clip-seconds");
  const step = 1 / (parseFloat(videoElement.dataset.fps) || 30);
  const bar = document.createElement("div");
  bar.className = "frame-steps d-flex gap-2 align-items-center my-2";
  const back = document.createElement("button");
  const forward = document.createElement("button");
  const clock = document.createElement("output");
  for (const [button, label, text] of [
    [back, "One frame back", "◀ Frame"],
    [forward, "One frame forward", "Frame ▶"],
  ]) {
    button.type = "button";
    button.className = "btn btn-outline-secondary btn-lg frame-step";
    button.setAttribute("aria-label", label);
    button.textContent = text;
  }
  clock.className = "frame-time font-monospace";
  clock.setAttribute("aria-live", "polite");
  bar.append(back, clock, forward);
  videoElement.after(bar);
  const show = () => {
    const seconds = videoElement.currentTime;
    clock.textContent = `${seconds.toFixed(3)} s`;
    if (field) field.value = seconds.toFixed(3);
  };
  const move = (frames) => {
    videoElement.pause();
    const end = Number.isFinite(videoElement.duration) ? videoElement.duration : Infinity;
    videoElement.currentTime = Math.min(Math.max(videoElement.currentTime + frames * step, 0), end);
  };
  back.addEventListener("click", () => move(-1));
  forward.addEventListener("click", () => move(1));
  videoElement.addEventListener("keydown", (event) => {
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      move(event.key === "ArrowLeft" ? -1 : 1);
    }
  });
  videoElement.addEventListener("timeupdate", show);
  videoElement.addEventListener("seeked", show);
  videoElement.addEventListener("loadedmetadata", show);
  show();
}

document.querySelectorAll("video.clip-video").forEach(setUpFramePicker);
