// Validates a corpus of submissions with ajv (JSON Schema draft 2020-12) and
// the vn-* formats, for forms' agreement test. Input on stdin:
//   {"schema": {...}, "provinces": [...], "communes": [...] | null,
//    "cccd_provinces": [...], "cases": [{"name": "...", "data": {...}}]}
// Output on stdout: [{"name": "...", "valid": true|false, "errors": [...]}]
"use strict";
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const provinces = new Set(input.provinces);
const communes = input.communes ? new Set(input.communes) : null;
const cccdProvinces = new Set(input.cccd_provinces);

function cccd(s) {
  if (!/^[0-9]{12}$/.test(s)) return false;
  if (s[0] !== "0" || !cccdProvinces.has(s.slice(1, 3))) return false;
  return Number(s[3]) <= 5;
}

function taxCode(s) {
  let base, branch = "";
  if (/^[0-9]{10}$/.test(s)) base = s;
  else if (/^[0-9]{13}$/.test(s)) { base = s.slice(0, 10); branch = s.slice(10); }
  else if (/^[0-9]{10}-[0-9]{3}$/.test(s)) { base = s.slice(0, 10); branch = s.slice(11); }
  else return false;
  if (branch === "000" || base.slice(2, 9) === "0000000") return false;
  const w = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += w[i] * Number(base[i]);
  const r = sum % 11;
  return r !== 0 && Number(base[9]) === 10 - r;
}

function phone(s) {
  let n = s.replace(/[ .]/g, "");
  if (n.length > 20) return false;
  if (n.startsWith("+84")) n = "0" + n.slice(3);
  return /^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-9])[0-9]{7}$/.test(n) || /^02[0-9]{9}$/.test(n);
}

function date(s) {
  let y, m, d, g;
  if ((g = /^([0-9]{2})\/([0-9]{2})\/([0-9]{4})$/.exec(s))) { d = +g[1]; m = +g[2]; y = +g[3]; }
  else if ((g = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s))) { y = +g[1]; m = +g[2]; d = +g[3]; }
  else return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}

function adminUnit(s) {
  if (/^[0-9]{2}$/.test(s)) return provinces.has(s);
  if (/^[0-9]{5}$/.test(s)) return communes ? communes.has(s) : true;
  return false;
}

const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
addFormats(ajv);
ajv.addVocabulary(["x-form", "x-label", "x-hint", "x-choices", "x-rules", "x-id-check"]);
ajv.addFormat("vn-date", date);
ajv.addFormat("vn-phone", phone);
ajv.addFormat("vn-citizen-id", cccd);
ajv.addFormat("vn-tax-code", taxCode);
ajv.addFormat("vn-tax-code-personal", (s) => taxCode(s) || (s.length === 12 && cccd(s)));
ajv.addFormat("vn-admin-unit", adminUnit);

const validate = ajv.compile(input.schema);
const out = input.cases.map((c) => {
  const valid = validate(c.data);
  return { name: c.name, valid, errors: valid ? [] : validate.errors.map((e) => e.instancePath + " " + e.message) };
});
process.stdout.write(JSON.stringify(out));
