// Offline checks of the deployment files (no cluster, no network):
//  - every kustomization (k8s/base, k8s/overlays/*) builds with `kubectl kustomize`;
//  - every object it renders is validated against its schema: the Kubernetes OpenAPI schemas in
//    `kubernetes-models`, the prometheus-operator CRDs in `@kubernetes-models/prometheus-operator`
//    (types, required fields, enums; unknown fields are not rejected), and for CloudNativePG
//    (no schema package) the fields this project relies on, checked here;
//  - cross-references the schemas cannot see: selectors, named ports, ConfigMaps and Secrets,
//    the configuration contract, the ServiceMonitor's job label against the mixin's selector;
//  - the mixin: files generated from monitoring/ are up to date, every alert has a severity,
//    summary, description and a runbook_url whose anchor is a heading of docs/operations.md;
//  - the Dockerfile is linted with `dockerfilelint`.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import yaml from "js-yaml";
import { render } from "./generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const k8s = (p) => (p.startsWith("@") ? import(p) : import(`kubernetes-models/${p}`));
const po = (kind) => import(`@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`);
const models = {
  "v1/Namespace": (await k8s("v1/Namespace")).Namespace,
  "v1/ConfigMap": (await k8s("v1/ConfigMap")).ConfigMap,
  "v1/Service": (await k8s("v1/Service")).Service,
  "apps/v1/Deployment": (await k8s("apps/v1/Deployment")).Deployment,
  "policy/v1/PodDisruptionBudget": (await k8s("policy/v1/PodDisruptionBudget")).PodDisruptionBudget,
  "networking.k8s.io/v1/Ingress": (await k8s("networking.k8s.io/v1/Ingress")).Ingress,
  "networking.k8s.io/v1/NetworkPolicy": (await k8s("networking.k8s.io/v1/NetworkPolicy")).NetworkPolicy,
  "monitoring.coreos.com/v1/ServiceMonitor": (await po("ServiceMonitor")).ServiceMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": (await po("PrometheusRule")).PrometheusRule,
};
// CloudNativePG: the fields without which the Cluster would not do what the collector needs.
const cnpg = {
  "postgresql.cnpg.io/v1/Cluster": (c) => [
    Number.isInteger(c.spec?.instances) && c.spec.instances >= 1 ? null : "spec.instances must be an integer >= 1",
    typeof c.spec?.storage?.size === "string" || c.spec?.storage?.pvcTemplate ? null : "spec.storage.size is required",
    c.spec?.bootstrap?.initdb?.database ? null : "spec.bootstrap.initdb.database is required (QOS_DB_URL names it)",
    c.spec?.bootstrap?.initdb?.owner ? null : "spec.bootstrap.initdb.owner is required (its Secret <cluster>-app)",
    !c.spec?.backup || c.spec.backup.barmanObjectStore?.destinationPath || c.spec.backup.volumeSnapshot
      ? null : "spec.backup needs barmanObjectStore.destinationPath or volumeSnapshot",
  ],
  "postgresql.cnpg.io/v1/ScheduledBackup": (b) => [
    typeof b.spec?.schedule === "string" && b.spec.schedule.trim().split(/\s+/).length === 6
      ? null : "spec.schedule must be a six-field cron expression (seconds first)",
    b.spec?.cluster?.name ? null : "spec.cluster.name is required",
  ],
};
// The configuration contract (docs: configuration): the only variable names a ConfigMap may set.
const contract = new Set(["SERVER_PORT", "QOS_DB_URL", "QOS_DB_USER", "QOS_DB_PASSWORD", "QOS_ZOOM_ACCOUNT_ID",
  "QOS_ZOOM_WEBHOOK_SECRET", "QOS_ZOOM_CLIENT_ID", "QOS_ZOOM_CLIENT_SECRET", "QOS_ZOOM_API_URL", "QOS_ZOOM_OAUTH_URL",
  "QOS_BUDGET_PER_SECOND", "QOS_BUDGET_HEADROOM", "QOS_BUDGET_DAILY", "QOS_POLL_INTERVAL", "QOS_WEBHOOK_TOLERANCE",
  "QOS_SIMULATOR", "QOS_MANAGEMENT_PORT", "QOS_AUTH_ISSUER_URI", "QOS_AUTH_AUDIENCE", "QOS_API_TOKENS",
  "QOS_AUTH_DISABLED", "QOS_ZOOM_EVENTS", "QOS_ZOOM_WS_SUBSCRIPTION_ID", "QOS_ZOOM_WS_URL", "QOS_ZOOM_QSS"]);
// Secrets created outside the manifests: by the operator of the cluster (README) or by CloudNativePG.
const externalSecrets = new Set(["zoom-qos-collector", "zoom-qos-collector-tls", "zoom-qos-db-backup"]);

const failures = [];
let checked = 0;
const builds = [join("k8s", "base"), ...readdirSync(join(root, "k8s", "overlays")).sort().map((o) => join("k8s", "overlays", o))];
for (const dir of builds) {
  let out;
  try {
    out = execFileSync("kubectl", ["kustomize", join(root, dir)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    failures.push(`${dir}: kubectl kustomize failed: ${e.stderr || e.message}`);
    continue;
  }
  const objects = yaml.loadAll(out).filter(Boolean);
  for (const doc of objects) {
    const key = `${doc.apiVersion}/${doc.kind}`;
    const where = `${dir}: ${doc.kind} ${doc.metadata?.name}`;
    checked++;
    if (models[key]) {
      try { new models[key](doc).validate(); } catch (e) { failures.push(`${where}: ${e.message}`); }
    } else if (cnpg[key]) {
      cnpg[key](doc).filter(Boolean).forEach((m) => failures.push(`${where}: ${m}`));
    } else {
      failures.push(`${where}: no schema wired for ${key}`);
    }
  }
  crossReferences(dir, objects);
}

function crossReferences(dir, objects) {
  const fail = (m) => failures.push(`${dir}: ${m}`);
  const byKind = (k) => objects.filter((o) => o.kind === k);
  const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => (labels ?? {})[k] === v);
  const deployments = byKind("Deployment");
  const pods = deployments.map((d) => d.spec.template);
  const containerPorts = new Map(); // name -> number
  const configMaps = new Set(byKind("ConfigMap").map((c) => c.metadata.name));
  const clusters = byKind("Cluster").map((c) => c.metadata.name);
  const secrets = new Set([...externalSecrets, ...clusters.map((c) => `${c}-app`)]);

  for (const d of deployments) {
    if (!matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels)) fail(`Deployment ${d.metadata.name}: selector does not match its pod labels`);
    for (const t of d.spec.template.spec.topologySpreadConstraints ?? []) {
      if (!matches(t.labelSelector?.matchLabels, d.spec.template.metadata.labels)) fail(`Deployment ${d.metadata.name}: topology spread selector matches no pod of it`);
    }
    for (const c of d.spec.template.spec.containers) {
      (c.ports ?? []).forEach((p) => containerPorts.set(p.name, p.containerPort));
      const names = new Set((c.ports ?? []).map((p) => p.name));
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const port = c[probe]?.httpGet?.port;
        if (!c[probe]) fail(`${c.name}: no ${probe}`);
        if (typeof port === "string" && !names.has(port)) fail(`${c.name}: ${probe} uses unknown port ${port}`);
        // The probes stay on the main port: the management port may need credentials and is not for the kubelet.
        if (port && port !== "http") fail(`${c.name}: ${probe} must use the main port (http), uses ${port}`);
      }
      for (const ref of c.envFrom ?? []) {
        if (ref.configMapRef && !configMaps.has(ref.configMapRef.name)) fail(`${c.name}: unknown ConfigMap ${ref.configMapRef.name}`);
        if (ref.secretRef && !secrets.has(ref.secretRef.name)) fail(`${c.name}: unknown Secret ${ref.secretRef.name}`);
      }
      const volumes = new Set((d.spec.template.spec.volumes ?? []).map((v) => v.name));
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) fail(`${c.name}: mounts unknown volume ${m.name}`);
    }
    for (const v of d.spec.template.spec.volumes ?? []) {
      if (v.secret && !secrets.has(v.secret.secretName)) fail(`volume ${v.name}: unknown Secret ${v.secret.secretName}`);
      if (v.configMap && !configMaps.has(v.configMap.name)) fail(`volume ${v.name}: unknown ConfigMap ${v.configMap.name}`);
    }
  }
  if (deployments.length && !containerPorts.has("management")) fail("the collector has no management port (QOS_MANAGEMENT_PORT)");

  for (const c of byKind("ConfigMap")) {
    if (c.metadata.labels?.grafana_dashboard) {
      for (const [file, text] of Object.entries(c.data ?? {})) {
        try { JSON.parse(text); } catch (e) { fail(`ConfigMap ${c.metadata.name}: ${file} is not JSON: ${e.message}`); }
      }
      continue;
    }
    for (const k of Object.keys(c.data ?? {})) if (!contract.has(k)) fail(`ConfigMap ${c.metadata.name}: ${k} is not a variable of the configuration contract`);
    const mgmt = c.data?.QOS_MANAGEMENT_PORT;
    if (mgmt && containerPorts.get("management") !== Number(mgmt)) fail(`ConfigMap ${c.metadata.name}: QOS_MANAGEMENT_PORT ${mgmt} is not the container's management port`);
  }
  const services = byKind("Service");
  for (const s of services) {
    if (!pods.some((p) => matches(s.spec.selector, p.metadata.labels))) fail(`Service ${s.metadata.name}: selector matches no Deployment's pods`);
    for (const p of s.spec.ports) {
      if (typeof p.targetPort === "string" && !containerPorts.has(p.targetPort)) fail(`Service ${s.metadata.name}: targetPort ${p.targetPort} is no container port`);
    }
  }
  for (const b of byKind("PodDisruptionBudget")) {
    if (!pods.some((p) => matches(b.spec.selector.matchLabels, p.metadata.labels))) fail(`PodDisruptionBudget ${b.metadata.name}: matches no pods`);
  }
  for (const i of byKind("Ingress")) {
    for (const r of i.spec.rules ?? []) for (const p of r.http?.paths ?? []) {
      const svc = services.find((s) => s.metadata.name === p.backend.service?.name);
      if (!svc) { fail(`Ingress ${i.metadata.name}: unknown Service ${p.backend.service?.name}`); continue; }
      const port = svc.spec.ports.find((sp) => sp.name === p.backend.service.port.name || sp.port === p.backend.service.port.number);
      if (!port) fail(`Ingress ${i.metadata.name}: Service ${svc.metadata.name} has no port ${JSON.stringify(p.backend.service.port)}`);
      else if (port.targetPort !== "http") fail(`Ingress ${i.metadata.name}: must reach the main port only, reaches ${port.targetPort}`);
    }
  }
  for (const n of byKind("NetworkPolicy")) {
    if (!pods.some((p) => matches(n.spec.podSelector.matchLabels, p.metadata.labels))) fail(`NetworkPolicy ${n.metadata.name}: selects no pods`);
    for (const rule of n.spec.ingress ?? []) for (const p of rule.ports ?? []) {
      if (typeof p.port === "string" && !containerPorts.has(p.port)) fail(`NetworkPolicy ${n.metadata.name}: unknown port ${p.port}`);
    }
    for (const rule of n.spec.egress ?? []) for (const peer of rule.to ?? []) {
      const cluster = peer.podSelector?.matchLabels?.["cnpg.io/cluster"];
      if (cluster && !clusters.includes(cluster)) fail(`NetworkPolicy ${n.metadata.name}: egress to unknown CloudNativePG cluster ${cluster}`);
    }
  }
  for (const m of byKind("ServiceMonitor")) {
    const selected = services.filter((s) => matches(m.spec.selector.matchLabels, s.metadata.labels));
    if (!selected.length) fail(`ServiceMonitor ${m.metadata.name}: selects no Service`);
    for (const s of selected) {
      for (const e of m.spec.endpoints) {
        const port = s.spec.ports.find((p) => p.name === e.port);
        if (!port) fail(`ServiceMonitor ${m.metadata.name}: Service ${s.metadata.name} has no port ${e.port}`);
        else if (port.targetPort !== "management") fail(`ServiceMonitor ${m.metadata.name}: scrapes ${port.targetPort}, not the management port`);
        if (e.path !== "/actuator/prometheus") fail(`ServiceMonitor ${m.metadata.name}: path ${e.path}`);
      }
      const job = s.metadata.labels?.[m.spec.jobLabel] ?? s.metadata.name;
      const selector = yaml.load(readFileSync(join(root, "monitoring", "config.yaml"), "utf8")).selector;
      if (selector !== `job="${job}"`) fail(`ServiceMonitor ${m.metadata.name}: job label ${job} does not match the mixin's selector ${selector}`);
    }
  }
  const db = byKind("ConfigMap").find((c) => c.data?.QOS_DB_URL)?.data.QOS_DB_URL;
  for (const c of clusters) {
    if (db && !db.includes(`//${c}-rw:`)) fail(`QOS_DB_URL ${db} does not point at ${c}-rw`);
    const database = byKind("Cluster").find((x) => x.metadata.name === c).spec.bootstrap.initdb.database;
    if (db && !db.endsWith(`/${database}`)) fail(`QOS_DB_URL ${db} does not name the database ${database}`);
  }
  for (const b of byKind("ScheduledBackup")) if (!clusters.includes(b.spec.cluster.name)) fail(`ScheduledBackup ${b.metadata.name}: unknown cluster ${b.spec.cluster.name}`);
}

// The mixin: generated files up to date; every alert documented with a runbook section.
const generated = join(root, "k8s", "overlays", "production", "generated");
for (const [name, text] of Object.entries(render())) {
  if (!existsSync(join(generated, name)) || readFileSync(join(generated, name), "utf8") !== text) {
    failures.push(`k8s/overlays/production/generated/${name} is stale: run node tools/manifest-check/generate.mjs`);
  }
}
const operations = existsSync(join(root, "docs", "operations.md")) ? readFileSync(join(root, "docs", "operations.md"), "utf8") : "";
const anchors = new Set([...operations.matchAll(/^#+\s+(.*)$/gm)].map((m) => m[1].trim().toLowerCase()
  .replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-")));
for (const file of readdirSync(join(root, "monitoring", "alerts")).filter((f) => f.endsWith(".yaml"))) {
  for (const group of yaml.load(readFileSync(join(root, "monitoring", "alerts", file), "utf8")).groups) {
    for (const r of group.rules.filter((x) => x.alert)) {
      const where = `monitoring/alerts/${file}: ${r.alert}`;
      if (!/^ZoomQos[A-Z][A-Za-z0-9]*$/.test(r.alert)) failures.push(`${where}: not CamelCase with the ZoomQos prefix`);
      if (!["critical", "warning", "info"].includes(r.labels?.severity)) failures.push(`${where}: severity must be critical, warning or info`);
      for (const a of ["summary", "description", "runbook_url"]) if (!r.annotations?.[a]) failures.push(`${where}: no ${a}`);
      const anchor = (r.annotations?.runbook_url ?? "").split("#docs/operations.md#")[0].split("operations.md#")[1];
      if (!anchor || !anchors.has(anchor)) failures.push(`${where}: runbook_url anchor #${anchor} is no heading of docs/operations.md`);
    }
  }
}

// Dockerfile lint.
const { run } = await import("dockerfilelint");
for (const item of run(join(root, "Dockerfile"), readFileSync(join(root, "Dockerfile"), "utf8"))) {
  failures.push(`Dockerfile:${item.line}: ${item.category}: ${item.title}: ${item.description}`);
}

if (failures.length) {
  console.error(`manifest check: ${failures.length} problem(s)`);
  failures.forEach((f) => console.error(" - " + f));
  process.exit(1);
}
console.log(`manifest check: ${builds.length} kustomizations build, ${checked} Kubernetes objects valid, mixin generated and documented, Dockerfile lint clean`);
