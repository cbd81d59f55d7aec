#!/usr/bin/env node
// Offline validation of the Kubernetes manifests (deploy/k8s by default, or the folder given as the
// first argument). No cluster and no network are needed:
//   - every YAML document of every *.yaml / *.yml file is parsed (multi-document files included);
//   - built-in kinds are validated against the Kubernetes API schemas shipped in kubernetes-models;
//   - the operators' resources (RabbitMQ Cluster Operator, CloudNativePG) against the small explicit
//     schemas below (the fields this platform uses, and the ones the operators require);
//   - kustomization.yaml: every listed resource exists;
//   - cross-document rules the API server or kustomize would enforce (Deployment selectors match the
//     pod labels, no duplicate objects) and the Seomin conventions (probes on /health and /alive,
//     non-root, resources set, referenced Secrets and keys defined in the Secrets template);
//   - references: Service selectors and named target ports, the gateway's services__<name>__http__0
//     URLs, Ingress backends, HPA targets and PDB selectors point at objects defined here.
// Unknown kinds fail. Problems are printed as `file:doc-index kind/name: message`, exit code 1.
//
//   npm ci --prefix deploy/validate && node deploy/validate/validate.mjs [folder]

import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? join(here, "..", "k8s"));

const problems = [];
let validated = 0;

// ---- small explicit schemas for the operators' custom resources --------------------------------------
// Each rule: { type, required, properties, items, enum, min, quantity, additional }. Only what is listed
// is checked; other fields are accepted (the operators' CRDs are much larger than what is used here).
const str = { type: "string" };
const bool = { type: "boolean" };
const quantity = { type: "string", quantity: true };
const intOrQuantity = { type: ["string", "integer", "number"], quantity: true };
const resources = {
  type: "object",
  properties: {
    requests: { type: "object", additional: intOrQuantity },
    limits: { type: "object", additional: intOrQuantity },
  },
};
const secretRef = { type: "object", required: ["name"], properties: { name: str } };
const metadata = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, maxLength: 63 },
    namespace: str,
    labels: { type: "object", additional: str },
    annotations: { type: "object", additional: str },
  },
};

const customSchemas = {
  // RabbitMQ Cluster Operator, https://www.rabbitmq.com/kubernetes/operator/using-operator
  "rabbitmq.com/v1beta1/RabbitmqCluster": {
    type: "object",
    required: ["apiVersion", "kind", "metadata"],
    properties: {
      metadata: { ...metadata, properties: { ...metadata.properties, name: { ...metadata.properties.name, maxLength: 42 } } },
      spec: {
        type: "object",
        properties: {
          replicas: { type: "integer", min: 0 },
          image: str,
          imagePullSecrets: { type: "array", items: secretRef },
          resources,
          persistence: { type: "object", properties: { storage: quantity, storageClassName: str } },
          rabbitmq: {
            type: "object",
            properties: {
              additionalConfig: str,
              advancedConfig: str,
              envConfig: str,
              additionalPlugins: { type: "array", items: str },
            },
          },
          service: { type: "object", properties: { type: { type: "string", enum: ["ClusterIP", "LoadBalancer", "NodePort"] } } },
          tls: { type: "object", properties: { secretName: str, caSecretName: str, disableNonTLSListeners: bool } },
          affinity: { type: "object" },
          tolerations: { type: "array", items: { type: "object" } },
          terminationGracePeriodSeconds: { type: "integer", min: 0 },
        },
      },
    },
  },
  // CloudNativePG, https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/
  "postgresql.cnpg.io/v1/Cluster": {
    type: "object",
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
      metadata,
      spec: {
        type: "object",
        required: ["instances", "storage"],
        properties: {
          instances: { type: "integer", min: 1 },
          imageName: str,
          primaryUpdateStrategy: { type: "string", enum: ["supervised", "unsupervised"] },
          primaryUpdateMethod: { type: "string", enum: ["switchover", "restart"] },
          storage: { type: "object", required: ["size"], properties: { size: quantity, storageClass: str } },
          walStorage: { type: "object", required: ["size"], properties: { size: quantity, storageClass: str } },
          // PostgreSQL parameters are strings in the CRD: max_connections: "400", not 400.
          postgresql: { type: "object", properties: { parameters: { type: "object", additional: str } } },
          resources,
          affinity: { type: "object", properties: { enablePodAntiAffinity: bool, topologyKey: str, podAntiAffinityType: { type: "string", enum: ["preferred", "required"] } } },
          enableSuperuserAccess: bool,
          managed: {
            type: "object",
            properties: {
              roles: {
                type: "array",
                items: {
                  type: "object",
                  required: ["name"],
                  properties: {
                    name: str,
                    ensure: { type: "string", enum: ["present", "absent"] },
                    login: bool,
                    superuser: bool,
                    createdb: bool,
                    passwordSecret: secretRef,
                    connectionLimit: { type: "integer" },
                    inRoles: { type: "array", items: str },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  "postgresql.cnpg.io/v1/Database": {
    type: "object",
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
      metadata,
      spec: {
        type: "object",
        required: ["cluster", "name", "owner"],
        properties: {
          cluster: secretRef,
          name: str,
          owner: str,
          ensure: { type: "string", enum: ["present", "absent"] },
          databaseReclaimPolicy: { type: "string", enum: ["retain", "delete"] },
        },
      },
    },
  },
  "postgresql.cnpg.io/v1/Pooler": {
    type: "object",
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
      metadata,
      spec: {
        type: "object",
        required: ["cluster", "pgbouncer"],
        properties: {
          cluster: secretRef,
          instances: { type: "integer", min: 0 },
          type: { type: "string", enum: ["rw", "ro", "r"] },
          pgbouncer: { type: "object", properties: { poolMode: { type: "string", enum: ["session", "transaction"] }, parameters: { type: "object", additional: str } } },
        },
      },
    },
  },
  // kustomize; the resources themselves are checked in checkKustomization.
  "kustomize.config.k8s.io/v1beta1/Kustomization": {
    type: "object",
    required: ["apiVersion", "kind", "resources"],
    properties: {
      namespace: str,
      resources: { type: "array", items: str },
      images: { type: "array", items: { type: "object", required: ["name"], properties: { name: str, newName: str, newTag: str, digest: str } } },
      labels: { type: "array", items: { type: "object", properties: { pairs: { type: "object", additional: str }, includeSelectors: bool } } },
    },
  },
};

// A Kubernetes resource.Quantity (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/).
const quantityPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

function typeOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function checkSchema(value, rule, path, report) {
  const types = [].concat(rule.type ?? []);
  const actual = typeOf(value);
  if (types.length > 0 && !types.includes(actual) && !(actual === "integer" && types.includes("number"))) {
    report(`${path} must be ${types.join(" or ")} (got ${actual}${actual === "string" ? ` "${value}"` : ""})`);
    return;
  }
  if (rule.enum && !rule.enum.includes(value)) report(`${path} must be one of ${rule.enum.join(", ")} (got "${value}")`);
  if (rule.min !== undefined && value < rule.min) report(`${path} must be >= ${rule.min}`);
  if (rule.pattern && !rule.pattern.test(value)) report(`${path} "${value}" is not a valid DNS-1123 name`);
  if (rule.maxLength !== undefined && value.length > rule.maxLength) report(`${path} must be at most ${rule.maxLength} characters`);
  if (rule.quantity && !quantityPattern.test(String(value))) report(`${path} "${value}" is not a Kubernetes quantity (e.g. 50Gi, 500m)`);
  if (actual === "object") {
    for (const key of rule.required ?? []) {
      if (value[key] === undefined || value[key] === null) report(`${join2(path, key)} is required`);
    }
    for (const [key, child] of Object.entries(value)) {
      const childRule = rule.properties?.[key] ?? rule.additional;
      if (childRule) checkSchema(child, childRule, join2(path, key), report);
    }
  }
  if (actual === "array" && rule.items) value.forEach((item, i) => checkSchema(item, rule.items, `${path}[${i}]`, report));
}

const join2 = (path, key) => (path ? `${path}.${key}` : key);

// ---- built-in kinds: kubernetes-models -------------------------------------------------------------
const apiVersionPattern = /^(([a-z0-9-]+\.)*[a-z0-9-]+\/)?v\d+((alpha|beta)\d+)?$/;
const builtInModules = new Map();

async function builtInModel(apiVersion, kind) {
  if (!apiVersionPattern.test(apiVersion)) return undefined;
  if (!builtInModules.has(apiVersion)) {
    builtInModules.set(apiVersion, await import(`kubernetes-models/${apiVersion}`).catch(() => null));
  }
  const model = builtInModules.get(apiVersion)?.[kind];
  return typeof model === "function" && model.kind === kind && model.apiVersion === apiVersion ? model : undefined;
}

// "/spec/template/spec/containers/0/ports/0/containerPort" -> "spec.template.spec.containers[0].ports[0].containerPort"
function fieldPath(instancePath) {
  return instancePath
    .split("/")
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
}

function describeAjvError(error) {
  const path = fieldPath(error.instancePath ?? "") || "(document)";
  const extra =
    error.keyword === "enum" ? ` (${error.params.allowedValues.join(", ")})`
    : error.keyword === "required" ? ` (${error.params.missingProperty})`
    : "";
  return `${path} ${error.message}${extra}`;
}

// ---- files -------------------------------------------------------------------------------------------
function yamlFiles(folder) {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}

if (!existsSync(root) || !statSync(root).isDirectory()) {
  console.error(`${root}: not a folder`);
  process.exit(2);
}

const display = (file) => {
  const path = relative(process.cwd(), file);
  return path === "" ? "." : path.startsWith("..") ? file : path;
};
const documents = [];

for (const file of yamlFiles(root)) {
  let docs;
  try {
    docs = yaml.loadAll(readFileSync(file, "utf8"), null, { filename: file });
  } catch (e) {
    problems.push(`${display(file)}:? yaml: ${e.message.split("\n")[0]}`);
    continue;
  }
  docs.forEach((doc, index) => {
    if (doc !== null && doc !== undefined) documents.push({ file, index, doc });
  });
}

function at({ file, index, doc }) {
  const kind = typeof doc?.kind === "string" ? doc.kind : "?";
  // A Kustomization has no metadata.name: it is known by its file.
  const name = typeof doc?.metadata?.name === "string" ? doc.metadata.name : kind === "Kustomization" ? "kustomization" : "?";
  return `${display(file)}:${index} ${kind}/${name}`;
}

for (const entry of documents) {
  const { doc } = entry;
  const report = (message) => problems.push(`${at(entry)}: ${message}`);
  if (typeOf(doc) !== "object") {
    report(`a manifest must be a mapping (got ${typeOf(doc)})`);
    continue;
  }
  if (typeof doc.apiVersion !== "string" || typeof doc.kind !== "string") {
    report("apiVersion and kind are required strings");
    continue;
  }
  const custom = customSchemas[`${doc.apiVersion}/${doc.kind}`];
  if (custom) {
    const before = problems.length;
    checkSchema(doc, custom, "", report);
    if (doc.kind === "Kustomization" && problems.length === before) checkKustomization(entry, report);
    validated++;
    continue;
  }
  const model = await builtInModel(doc.apiVersion, doc.kind);
  if (!model) {
    report(`unknown kind ${doc.kind} in ${doc.apiVersion} (neither a Kubernetes API kind nor an operator resource this validator knows)`);
    continue;
  }
  if (typeof doc.metadata?.name !== "string" || doc.metadata.name === "") report("metadata.name is required");
  try {
    new model(doc).validate();
  } catch (e) {
    if (Array.isArray(e.errors) && e.errors.length > 0) e.errors.forEach((err) => report(describeAjvError(err)));
    else report(e.message);
  }
  validated++;
}

function checkKustomization({ file, doc }, report) {
  const folder = dirname(file);
  const seen = new Set();
  for (const resource of doc.resources) {
    if (seen.has(resource)) report(`resources: "${resource}" is listed twice`);
    seen.add(resource);
    if (/^[a-z]+:\/\//.test(resource)) {
      report(`resources: "${resource}" is remote; only local files are allowed`);
      continue;
    }
    const target = resolve(folder, resource);
    if (!existsSync(target)) report(`resources: "${resource}" does not exist`);
    else if (statSync(target).isDirectory() && !["kustomization.yaml", "kustomization.yml", "Kustomization"].some((k) => existsSync(join(target, k)))) {
      report(`resources: "${resource}" is a folder without a kustomization.yaml`);
    }
  }
  // A manifest beside the kustomization that is not listed would silently never be applied;
  // templates (*.template.yaml) are applied by hand and are exempt.
  const listed = new Set(doc.resources.map((r) => resolve(folder, r)));
  for (const other of readdirSync(folder)) {
    const full = join(folder, other);
    if (/\.ya?ml$/.test(other) && full !== file && !/\.template\.ya?ml$/.test(other) && !listed.has(full)) {
      report(`${other} is not listed in resources (name it *.template.yaml if it is applied by hand)`);
    }
  }
  // An image without a tag or digest that kustomize does not rewrite would be pulled as :latest.
  const mapped = new Set((doc.images ?? []).map((image) => image.name));
  for (const { file: other, index, doc: manifest } of documents) {
    if (!listed.has(other)) continue;
    const pod = manifest?.spec?.template?.spec;
    for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      const image = String(container.image ?? "");
      const untagged = !image.includes("@") && !/:[^/]+$/.test(image);
      if (untagged && !mapped.has(image)) {
        report(`images: "${image}" (${display(other)}:${index} container ${container.name}) has no tag and no images entry`);
      }
    }
  }
}

// ---- cross-document rules ----------------------------------------------------------------------------
const byId = new Map();
for (const entry of documents) {
  const { doc } = entry;
  if (typeOf(doc) !== "object" || !doc.kind || !doc.metadata?.name) continue;
  const id = `${doc.apiVersion}/${doc.kind}/${doc.metadata.namespace ?? ""}/${doc.metadata.name}`;
  if (byId.has(id)) problems.push(`${at(entry)}: the same object is also defined in ${at(byId.get(id))}`);
  else byId.set(id, entry);
}

// Secrets and their keys, from every Secret document (the Secrets template included).
const secretKeys = new Map();
for (const { doc } of documents) {
  if (doc?.apiVersion === "v1" && doc.kind === "Secret" && doc.metadata?.name) {
    secretKeys.set(doc.metadata.name, new Set([...Object.keys(doc.data ?? {}), ...Object.keys(doc.stringData ?? {})]));
  }
}
// Secrets created by the operators, not by us.
const generatedSecrets = [/-default-user$/, /-app$/, /-superuser$/, /-ca$/, /-server$/, /-replication$/];
const isGenerated = (name) => generatedSecrets.some((pattern) => pattern.test(name));

const workloadKinds = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job"]);
for (const entry of documents) {
  const { doc } = entry;
  if (!workloadKinds.has(doc?.kind) || !/^(apps|batch)\//.test(doc.apiVersion)) continue;
  const report = (message) => problems.push(`${at(entry)}: ${message}`);
  const template = doc.spec?.template;
  const labels = template?.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(doc.spec?.selector?.matchLabels ?? {})) {
    if (labels[key] !== value) report(`spec.selector.matchLabels.${key}=${value} does not match spec.template.metadata.labels`);
  }
  const pod = template?.spec ?? {};
  if (pod.securityContext?.runAsNonRoot !== true) report("spec.template.spec.securityContext.runAsNonRoot must be true");
  for (const [i, container] of (pod.containers ?? []).entries()) {
    const c = `spec.template.spec.containers[${i}]`;
    if (!container.resources?.requests || !container.resources?.limits?.memory) report(`${c}.resources needs requests and a memory limit`);
    if (container.securityContext?.allowPrivilegeEscalation !== false) report(`${c}.securityContext.allowPrivilegeEscalation must be false`);
    if (container.securityContext?.readOnlyRootFilesystem !== true) report(`${c}.securityContext.readOnlyRootFilesystem must be true`);
    if (!(container.securityContext?.capabilities?.drop ?? []).includes("ALL")) report(`${c}.securityContext.capabilities.drop must contain ALL`);
    if (doc.kind === "Deployment") {
      // ServiceDefaults: /health = readiness (every check), /alive = liveness (process only).
      if (container.readinessProbe?.httpGet?.path !== "/health") report(`${c}.readinessProbe must be httpGet /health`);
      if (container.livenessProbe?.httpGet?.path !== "/alive") report(`${c}.livenessProbe must be httpGet /alive`);
    }
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.secretKeyRef;
      if (ref && !isGenerated(ref.name)) {
        if (!secretKeys.has(ref.name)) report(`${c}.env ${env.name}: Secret "${ref.name}" is not defined in any manifest (add it to the Secrets template)`);
        else if (!secretKeys.get(ref.name).has(ref.key)) report(`${c}.env ${env.name}: Secret "${ref.name}" has no key "${ref.key}"`);
      }
    }
    for (const from of container.envFrom ?? []) {
      const name = from.secretRef?.name;
      if (name && !isGenerated(name) && !secretKeys.has(name)) report(`${c}.envFrom: Secret "${name}" is not defined in any manifest`);
    }
  }
}

// ---- references between objects ----------------------------------------------------------------------
// Services, what they select and expose; the gateway's service-discovery variables, the Ingress, the HPAs
// and PDBs must point at objects that exist here, or the platform deploys but does not work.
const objects = (kind) => documents.filter(({ doc }) => doc?.kind === kind && doc?.metadata?.name);
const podTemplates = documents
  .filter(({ doc }) => workloadKinds.has(doc?.kind) && doc.kind !== "Job" && doc.spec?.template)
  .map(({ doc }) => ({ workload: doc, labels: doc.spec.template.metadata?.labels ?? {}, containers: doc.spec.template.spec?.containers ?? [] }));
const selects = (selector, labels) =>
  Object.keys(selector ?? {}).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
const services = new Map(objects("Service").map((entry) => [entry.doc.metadata.name, entry.doc]));

for (const entry of objects("Service")) {
  const report = (message) => problems.push(`${at(entry)}: ${message}`);
  const selector = entry.doc.spec?.selector;
  if (!selector) continue;
  const pods = podTemplates.filter((p) => selects(selector, p.labels));
  if (pods.length === 0) {
    report("spec.selector matches no Deployment, StatefulSet or DaemonSet pod template");
    continue;
  }
  for (const [i, port] of (entry.doc.spec.ports ?? []).entries()) {
    if (typeof port.targetPort !== "string") continue;
    const named = pods.every((p) => p.containers.some((c) => (c.ports ?? []).some((cp) => cp.name === port.targetPort)));
    if (!named) report(`spec.ports[${i}].targetPort "${port.targetPort}" is not a named container port of the selected pods`);
  }
}

const servicePort = (name, check) => {
  const service = services.get(name);
  if (!service) return `Service "${name}" is not defined`;
  return (service.spec?.ports ?? []).some(check) ? undefined : `Service "${name}" has no such port`;
};

for (const entry of documents) {
  const { doc } = entry;
  const report = (message) => problems.push(`${at(entry)}: ${message}`);
  if (workloadKinds.has(doc?.kind)) {
    for (const container of doc.spec?.template?.spec?.containers ?? []) {
      for (const env of container.env ?? []) {
        // Aspire service discovery: services__<name>__http__0 = http://<service>.<namespace>.svc:<port>
        if (!/^services__[^_]+(__[^_]+)*__https?__\d+$/.test(env.name ?? "") || typeof env.value !== "string") continue;
        let url;
        try {
          url = new URL(env.value);
        } catch {
          report(`env ${env.name}: "${env.value}" is not an absolute URL`);
          continue;
        }
        const [host, namespace] = url.hostname.split(".");
        if (namespace && doc.metadata?.namespace && namespace !== doc.metadata.namespace) continue;
        const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
        const problem = servicePort(host, (p) => p.port === port);
        if (problem) report(`env ${env.name}: ${problem} (${env.value})`);
      }
    }
  }
  if (doc?.kind === "Ingress") {
    for (const rule of doc.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        if (!backend) continue;
        const problem = servicePort(backend.name, (p) => (backend.port?.name ? p.name === backend.port.name : p.port === backend.port?.number));
        if (problem) report(`backend ${backend.name}: ${problem}`);
      }
    }
  }
  if (doc?.kind === "HorizontalPodAutoscaler") {
    const target = doc.spec?.scaleTargetRef ?? {};
    if (!documents.some(({ doc: d }) => d?.kind === target.kind && d?.metadata?.name === target.name)) {
      report(`spec.scaleTargetRef ${target.kind}/${target.name} is not defined`);
    }
  }
  if (doc?.kind === "HorizontalPodAutoscaler") {
    const target = doc.spec?.scaleTargetRef ?? {};
    const workload = documents.find(({ doc: d }) => d?.kind === target.kind && d?.metadata?.name === target.name);
    if (workload?.doc.spec?.replicas !== undefined) {
      problems.push(`${at(workload)}: spec.replicas is set, but HorizontalPodAutoscaler/${doc.metadata?.name} scales it (every apply would reset the count)`);
    }
  }
  if (doc?.kind === "PodDisruptionBudget" && !podTemplates.some((p) => selects(doc.spec?.selector?.matchLabels, p.labels))) {
    report("spec.selector matches no pod template");
  }
}

for (const problem of problems) console.error(problem);
const files = new Set(documents.map((d) => d.file)).size;
console.log(`${validated} of ${documents.length} documents in ${files} files under ${display(root)} validated; ${problems.length} problem(s).`);
if (documents.length === 0) console.error(`${display(root)}: no YAML documents found`);
process.exit(problems.length > 0 || documents.length === 0 ? 1 : 0);
