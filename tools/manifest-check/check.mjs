// Offline checks of the deployment files (no cluster, no network): every Kubernetes object in
// k8s/*.yaml is validated against the Kubernetes OpenAPI schemas bundled in `kubernetes-models`
// (types, required fields, enums; it does not reject unknown fields), cross-references
// (selectors, probe ports, config names, the configuration contract) are checked, and the
// Dockerfile is linted with `dockerfilelint`.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const k8sDir = join(root, "k8s");
const models = {
  "v1/ConfigMap": (await import("kubernetes-models/v1/ConfigMap")).ConfigMap,
  "v1/Service": (await import("kubernetes-models/v1/Service")).Service,
  "apps/v1/Deployment": (await import("kubernetes-models/apps/v1/Deployment")).Deployment,
  "policy/v1/PodDisruptionBudget": (await import("kubernetes-models/policy/v1/PodDisruptionBudget")).PodDisruptionBudget,
};

const failures = [];
const objects = [];
for (const file of readdirSync(k8sDir).filter((f) => f.endsWith(".yaml")).sort()) {
  const docs = yaml.loadAll(readFileSync(join(k8sDir, file), "utf8")).filter(Boolean);
  for (const doc of docs) {
    if (doc.kind === "Kustomization") {
      for (const r of doc.resources ?? []) {
        try { readFileSync(join(k8sDir, r)); } catch { failures.push(`${file}: resource ${r} does not exist`); }
      }
      continue;
    }
    const key = `${doc.apiVersion}/${doc.kind}`;
    const model = models[key];
    if (!model) { failures.push(`${file}: no schema wired for ${key}`); continue; }
    try {
      new model(doc).validate();
      objects.push({ file, doc });
    } catch (e) {
      failures.push(`${file}: ${key} ${doc.metadata?.name}: ${e.message}`);
    }
  }
}

// Cross-references the schemas cannot see.
const byKind = (k) => objects.filter((o) => o.doc.kind === k).map((o) => o.doc);
const configMaps = new Set(byKind("ConfigMap").map((c) => c.metadata.name));
for (const d of byKind("Deployment")) {
  const labels = d.spec.template.metadata.labels ?? {};
  for (const [k, v] of Object.entries(d.spec.selector.matchLabels ?? {})) {
    if (labels[k] !== v) failures.push(`Deployment ${d.metadata.name}: selector ${k}=${v} does not match the pod labels`);
  }
  for (const c of d.spec.template.spec.containers) {
    const ports = new Set((c.ports ?? []).map((p) => p.name));
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const port = c[probe]?.httpGet?.port;
      if (typeof port === "string" && !ports.has(port)) failures.push(`${c.name}: ${probe} uses unknown port ${port}`);
    }
    for (const ref of c.envFrom ?? []) {
      if (ref.configMapRef && !configMaps.has(ref.configMapRef.name)) failures.push(`${c.name}: unknown ConfigMap ${ref.configMapRef.name}`);
    }
  }
}
for (const s of byKind("Service")) {
  const podLabels = byKind("Deployment").map((d) => d.spec.template.metadata.labels);
  const matches = podLabels.some((l) => Object.entries(s.spec.selector).every(([k, v]) => l[k] === v));
  if (!matches) failures.push(`Service ${s.metadata.name}: selector matches no Deployment's pods`);
}

// The configuration contract: the ConfigMap may only use the documented variable names.
const contract = new Set(["SERVER_PORT", "QOS_DB_URL", "QOS_DB_USER", "QOS_DB_PASSWORD", "QOS_ZOOM_ACCOUNT_ID",
  "QOS_ZOOM_WEBHOOK_SECRET", "QOS_ZOOM_CLIENT_ID", "QOS_ZOOM_CLIENT_SECRET", "QOS_ZOOM_API_URL", "QOS_ZOOM_OAUTH_URL",
  "QOS_BUDGET_PER_SECOND", "QOS_BUDGET_HEADROOM", "QOS_BUDGET_DAILY", "QOS_POLL_INTERVAL", "QOS_WEBHOOK_TOLERANCE",
  "QOS_SIMULATOR"]);
for (const c of byKind("ConfigMap")) {
  for (const k of Object.keys(c.data ?? {})) {
    if (!contract.has(k)) failures.push(`ConfigMap ${c.metadata.name}: ${k} is not a documented variable`);
  }
}

// Dockerfile lint.
const { run } = await import("dockerfilelint");
const lint = run(join(root, "Dockerfile"), readFileSync(join(root, "Dockerfile"), "utf8"));
for (const item of lint) {
  // "apt-get" and "sudo" style rules do not apply; report everything else.
  failures.push(`Dockerfile:${item.line}: ${item.category}: ${item.title}: ${item.description}`);
}

if (failures.length) {
  console.error(`manifest check: ${failures.length} problem(s)`);
  failures.forEach((f) => console.error(" - " + f));
  process.exit(1);
}
console.log(`manifest check: ${objects.length} Kubernetes objects valid, Dockerfile lint clean`);
