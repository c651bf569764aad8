// Validates exported specs with the real tools. Usage: node validate.mjs job.json
// job = {"graphql": [files], "openapi": [files],
//        "jsonschema": [{"schema": file, "rows": [files of {"TypeName": [row, ...]}]}]}
// Prints every problem and exits 1 when there is one.
import { readFileSync } from "node:fs";
import { buildASTSchema, parse, validateSchema } from "graphql";
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const problems = [];

for (const file of job.graphql ?? []) {
  try {
    const schema = buildASTSchema(parse(readFileSync(file, "utf8")));
    for (const e of validateSchema(schema)) problems.push(`${file}: ${e.message}`);
  } catch (e) {
    problems.push(`${file}: ${e.message}`);
  }
}

for (const file of job.openapi ?? []) {
  try {
    await SwaggerParser.validate(JSON.parse(readFileSync(file, "utf8")));
  } catch (e) {
    problems.push(`${file}: ${e.message}`);
  }
}

for (const { schema: file, rows = [] } of job.jsonschema ?? []) {
  let ajv;
  try {
    ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(JSON.parse(readFileSync(file, "utf8")), "db");
    ajv.getSchema("db"); // compiles the document
  } catch (e) {
    problems.push(`${file}: ${e.message}`);
    continue;
  }
  for (const rowsFile of rows) {
    const byType = JSON.parse(readFileSync(rowsFile, "utf8"));
    for (const [type, list] of Object.entries(byType)) {
      const validate = ajv.getSchema(`db#/$defs/${type}`);
      if (!validate) {
        problems.push(`${rowsFile}: no $defs/${type} in ${file}`);
        continue;
      }
      (Array.isArray(list) ? list : [list]).forEach((row, i) => {
        if (!validate(row))
          problems.push(`${rowsFile}: ${type}[${i}]: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(row)}`);
      });
    }
  }
}

for (const p of problems) console.error(p);
process.exit(problems.length ? 1 : 0);
