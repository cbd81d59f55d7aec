// node --test deploy/validate/   (after npm ci --prefix deploy/validate)
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const script = join(dirname(fileURLToPath(import.meta.url)), "validate.mjs");

function validate(files) {
  const folder = mkdtempSync(join(tmpdir(), "seomin-validate-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    return spawnSync(process.execPath, [script, folder], { encoding: "utf8" });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const deployment = (replicas) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: demo }
  template:
    metadata:
      labels: { app: demo }
    spec:
      securityContext: { runAsNonRoot: true }
      containers:
        - name: demo
          image: demo
          resources: { requests: { cpu: 10m, memory: 64Mi }, limits: { memory: 64Mi } }
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
          readinessProbe: { httpGet: { path: /health, port: 8080 } }
          livenessProbe: { httpGet: { path: /alive, port: 8080 } }
`;

test("the repository's manifests pass", () => {
  const result = spawnSync(process.execPath, [script], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /\d+ of \d+ documents .* validated; 0 problem/);
});

test("a valid Deployment passes", () => {
  const result = validate({ "demo.yaml": deployment(2) });
  assert.equal(result.status, 0, result.stderr);
});

test('replicas: "two" is refused, naming the field', () => {
  const result = validate({ "demo.yaml": deployment('"two"') });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /demo\.yaml:0 Deployment\/demo: spec\.replicas must be integer/);
});

test("operator resources: RabbitmqCluster replicas and CloudNativePG instances must be integers", () => {
  const result = validate({
    "ops.yaml": `apiVersion: rabbitmq.com/v1beta1
kind: RabbitmqCluster
metadata: { name: mq }
spec: { replicas: "3" }
---
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: { name: pg }
spec: { instances: three, storage: { size: 1Gi } }
`,
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /ops\.yaml:0 RabbitmqCluster\/mq: spec\.replicas must be integer/);
  assert.match(result.stderr, /ops\.yaml:1 Cluster\/pg: spec\.instances must be integer/);
});

test("unknown kinds and missing kustomization resources are refused", () => {
  const result = validate({
    "kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [demo.yaml, gone.yaml]\n",
    "demo.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n",
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /unknown kind Widget/);
  assert.match(result.stderr, /"gone\.yaml" does not exist/);
});
