// MapLibre map with no tile server and no glyphs: Natural Earth land (npm world-atlas) under the
// scenario's own land layer; labels are HTML markers. window.kizunaMapLoaded is set on `load`.
import * as maplibregl from "/vendor/maplibre-gl/maplibre-gl.mjs";
import { feature } from "/vendor/topojson-client/index.js";
import { call } from "./api.js";

export { maplibregl };
let worldLand = null;
async function naturalEarth() {
  if (!worldLand) {
    const topo = await (await fetch("/vendor/world-atlas/land-10m.json")).json();
    worldLand = feature(topo, topo.objects.land);
  }
  return worldLand;
}

const EMPTY = { type: "FeatureCollection", features: [] };
const LAYERS = {
  did: { type: "fill", paint: { "fill-color": "#f59e0b", "fill-opacity": 0.35 } },
  no_fly: { type: "fill", paint: { "fill-color": "#dc2626", "fill-opacity": 0.3 } },
  no_fly_line: { source: "no_fly", type: "line", paint: { "line-color": "#b91c1c", "line-width": 1.5 } },
  roads: { type: "line", paint: { "line-color": "#94a3b8", "line-width": 1 } },
  railways: { type: "line", paint: { "line-color": "#475569", "line-width": 1.5, "line-dasharray": [2, 2] } },
  permits: { type: "fill", paint: { "fill-color": "#16a34a", "fill-opacity": 0.12 } },
  permits_line: { source: "permits", type: "line", paint: { "line-color": "#15803d", "line-width": 2.5 } },
  emergency: { type: "fill", paint: { "fill-color": "#7c3aed", "fill-opacity": 0.3 } },
  volumes: { type: "fill", paint: { "fill-color": "#2563eb", "fill-opacity": 0.22 } },
  volumes_line: { source: "volumes", type: "line", paint: { "line-color": "#1d4ed8", "line-width": 1 } },
  routes: { type: "line", paint: { "line-color": "#c2410c", "line-width": 3 } },
};

// MapLibre renders attributions as HTML: only these constant texts go there, never data.
const ATTRIBUTION = {
  synthetic: "Natural Earth · Kizuna scenario (synthetic population/DID)",
  real: "Natural Earth · Kizuna scenario built from real files (e-Stat, GSI; see its summary)",
  none: "Natural Earth",
};

export async function createMap(container, { center, zoom = 12, scenario, layers = [], controls = true, compactAttribution = false } = {}) {
  const [land, summary] = await Promise.all([naturalEarth(), scenario ? call(`/scenarios/${scenario}/summary`) : null]);
  // A built scenario without a centre of its own opens on its first base.
  if (!center && summary) center = summary.bases.length ? [summary.bases[0].lon, summary.bases[0].lat]
    : [(summary.bbox_lonlat[0] + summary.bbox_lonlat[2]) / 2, (summary.bbox_lonlat[1] + summary.bbox_lonlat[3]) / 2];
  const map = new maplibregl.Map({
    container, center, zoom, attributionControl: false, fadeDuration: 0,
    style: { version: 8, sources: { ne: { type: "geojson", data: land } },
      layers: [
        { id: "sea", type: "background", paint: { "background-color": "#cfe3f3" } },
        { id: "ne-land", source: "ne", type: "fill", paint: { "fill-color": "#eef0e6" } },
      ] },
  });
  if (controls) map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  const kind = !summary ? "none" : summary.synthetic.length ? "synthetic" : "real";
  map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: ATTRIBUTION[kind] }));
  await new Promise((res) => map.on("load", res));
  // On a small map the expanded attribution covers a third of it; keep it behind its (i) button.
  if (compactAttribution) container.querySelector(".maplibregl-ctrl-attrib")?.classList.remove("maplibregl-compact-show");
  if (scenario) {
    const sLand = await call(`/scenarios/${scenario}/layers/land`);
    map.addSource("scn-land", { type: "geojson", data: sLand });
    map.addLayer({ id: "scn-land", source: "scn-land", type: "fill", paint: { "fill-color": "#e7ecd9" } });
    map.addLayer({ id: "scn-coast", source: "scn-land", type: "line", paint: { "line-color": "#9fb39a", "line-width": 1 } });
  }
  for (const name of ["did", "roads", "railways", "no_fly", "permits", "emergency", "volumes", "routes"]) {
    map.addSource(name, { type: "geojson", data: EMPTY });
  }
  for (const [id, spec] of Object.entries(LAYERS)) {
    map.addLayer({ id, source: spec.source || id, type: spec.type, paint: spec.paint });
  }
  if (scenario) {
    for (const name of layers) {
      call(`/scenarios/${scenario}/layers/${name}`).then((fc) => map.getSource(name)?.setData(fc));
    }
  }
  new ResizeObserver(() => map.resize()).observe(container);
  map.resize();
  return map;
}

// Resolves once the map has finished drawing everything it has (for screenshots/tests).
export function idle(map) { return new Promise((res) => { if (map.loaded()) res(); else map.once("idle", res); }); }
// Resolves after the next frame is drawn with everything loaded (the view just changed).
function drawn(map) { return new Promise((res) => { map.once("idle", res); map.triggerRepaint(); }); }

// Every [lon, lat] position inside a GeoJSON geometry (any type).
export function positions(geometry) {
  const out = [];
  const walk = (c) => { if (typeof c[0] === "number") out.push([c[0], c[1]]); else c.forEach(walk); };
  if (geometry?.coordinates) walk(geometry.coordinates);
  return out;
}

// Frames the map on the given [lon, lat] points: padded so HTML labels stay inside, never closer
// than maxZoom (a single point or two close ones still show the coast around them). No animation,
// so screenshots and tests see the final view; resolves once the new view is drawn.
export function frame(map, points, { padding = 48, maxZoom = 14, fallback } = {}) {
  const pts = points.filter((p) => p && Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (!pts.length) {
    if (fallback) map.jumpTo(fallback);
    return drawn(map);
  }
  const b = new maplibregl.LngLatBounds(pts[0], pts[0]);
  for (const p of pts) b.extend(p);
  map.fitBounds(b, { padding, maxZoom, animate: false });
  return drawn(map);
}

// The map's view for tests and tools: window.kizunaMaps[name].view(points) gives the visible
// bounds, zoom, size and the points' pixel positions.
export function expose(name, getMap) {
  window.kizunaMaps = window.kizunaMaps || {};
  window.kizunaMaps[name] = { view(points = []) {
    const map = getMap(), c = map.getContainer();
    return { bounds: map.getBounds().toArray(), zoom: map.getZoom(), width: c.clientWidth, height: c.clientHeight,
      px: points.map((p) => { const q = map.project(p); return [q.x, q.y]; }) };
  } };
}

export function label(map, lngLat, text, cls = "", { anchor = "center", offset = [0, 0] } = {}) {
  const el = document.createElement("div");
  el.className = `marker ${cls}`; el.textContent = text;
  return new maplibregl.Marker({ element: el, anchor, offset }).setLngLat(lngLat).addTo(map);
}

export function fc(features) { return { type: "FeatureCollection", features }; }
export function line(coords, props = {}) { return { type: "Feature", properties: props, geometry: { type: "LineString", coordinates: coords } }; }
export function poly(geometry, props = {}) { return { type: "Feature", properties: props, geometry }; }
