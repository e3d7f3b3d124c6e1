// Drives Agora with the npm package `ckanapi` (a TypeScript CKAN client written for CKAN portals)
// exactly as its README shows: chain-style actions, FormData uploads, errors thrown as CKAN's
// error objects. Usage: node ckanapi-scenario.mjs <agora url> <editor token> <organisation name>
// Prints a JSON report of what each step saw; exits non-zero on the first surprise.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const CkanApi = require("ckanapi");

const [url, token, org] = process.argv.slice(2);
const anonymous = new CkanApi.Portal(url);
const editor = anonymous.withToken(token);
const report = {};

/** Calls an action that must fail; returns CKAN's error object that ckanapi throws. */
async function fails(promise) {
  try {
    const result = await promise;
    assert.fail(`expected an error, got ${JSON.stringify(result)}`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    return error;
  }
}

// Reading the portal.
const status = await anonymous.action.status_show();
assert.equal(typeof status.ckan_version, "string");
report.ckan_version = status.ckan_version;
report.help = await anonymous.documentation(new CkanApi.Action("package_create"));
assert.match(report.help, /Create a new dataset/);

// Creating and reading a dataset.
const name = `ckanapi-${Date.now()}`;
const created = await editor.action.package_create({
  name,
  title: "Cycle counters on the harbour bridge",
  owner_org: org,
  notes: "Hourly counts from the **induction loops**.",
  license_id: "CC-BY-4.0",
  tags: [{ name: "cycling" }, { name: "mobility" }],
  extras: [{ key: "source_system", value: "loops-v2" }],
});
assert.equal(created.name, name);
const shown = await anonymous.action.package_show({ id: name });
assert.equal(shown.id, created.id);
assert.deepEqual(shown.tags.map((t) => t.name).sort(), ["cycling", "mobility"]);
report.created = { id: created.id, name: shown.name, organization: shown.organization.name };

// Uploading a file as a resource (multipart, as the README's FormData payload).
const csv = "hour,count\n2026-11-01T07:00,412\n2026-11-01T08:00,918\n";
const form = new FormData();
form.append("package_id", created.id);
form.append("name", "Counts November");
form.append("format", "CSV");
form.append("upload", new Blob([csv], { type: "text/csv" }), "counts.csv");
const resource = await editor.action.resource_create(form);
assert.equal(resource.url_type, "upload");
assert.equal(resource.size, Buffer.byteLength(csv));
assert.match(resource.url, /\/download\/counts\.csv$/);
const downloaded = await fetch(resource.url);
assert.equal(downloaded.status, 200);
assert.equal(await downloaded.text(), csv);
report.upload = { url: resource.url, size: resource.size, format: resource.format };

// Searching.
const search = await anonymous.action.package_search({
  q: "harbour bridge",
  fq: `organization:${org}`,
  "facet.field": ["tags", "res_format"],
  rows: 5,
});
assert.equal(search.count, 1);
assert.equal(search.results[0].name, name);
assert.equal(search.search_facets.tags.items.length, 2);
report.search = { count: search.count, res_format: search.facets.res_format };

// Changing and deleting.
const patched = await editor.action.package_patch({ id: name, title: "Cycle counters (harbour bridge)" });
assert.equal(patched.title, "Cycle counters (harbour bridge)");
assert.equal(patched.resources.length, 1);

// Errors come back as CKAN's error objects.
const duplicate = await fails(editor.action.package_create({ name, owner_org: org }));
assert.equal(duplicate.__type, "Validation Error");
assert.deepEqual(duplicate.name, ["That URL is already in use."]);
const badName = await fails(editor.action.package_create({ name: "Not A Slug!", owner_org: org }));
assert.equal(badName.__type, "Validation Error");
const missing = await fails(anonymous.action.package_show({ id: "no-such-dataset" }));
assert.equal(missing.__type, "Not Found Error");
const denied = await fails(anonymous.action.package_create({ name: `${name}-anon`, owner_org: org }));
assert.equal(denied.__type, "Authorization Error");
const query = await fails(anonymous.action.package_search({ q: "(harbour" }));
assert.equal(query.__type, "Search Query Error");
report.errors = { duplicate, badName: Object.keys(badName), missing: missing.__type, denied: denied.__type, query: query.__type };

await editor.action.package_delete({ id: name });
const gone = await anonymous.action.package_search({ q: "harbour bridge" });
assert.equal(gone.count, 0);
report.deleted = true;

console.log(JSON.stringify(report));
