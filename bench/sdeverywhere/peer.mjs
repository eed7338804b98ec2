// Compiles an XMILE model with SDEverywhere (@sdeverywhere/compile, JS target), runs it with
// @sdeverywhere/runtime, writes all outputs as CSV, times single runs and a Monte Carlo batch.
// Usage: node peer.mjs <model.xmile> <buildDir> <out.csv> <runs> <inputVar>=<lo>:<hi> ...
import fs from 'fs'
import path from 'path'
import { pathToFileURL } from 'url'
import { parseAndGenerate } from '@sdeverywhere/compile'
import { createSynchronousModelRunner, Outputs } from '@sdeverywhere/runtime'

const [, , modelFile, buildDir, outCsv, runsArg, ...ranges] = process.argv
const runs = parseInt(runsArg || '1000', 10)
const inputs = ranges.map((r) => {
  const eq = r.lastIndexOf('='), colon = r.lastIndexOf(':')
  return { name: r.slice(0, eq), lo: parseFloat(r.slice(eq + 1, colon)), hi: parseFloat(r.slice(colon + 1)) }
})
fs.mkdirSync(buildDir, { recursive: true })
const text = fs.readFileSync(modelFile, 'utf8')
let t = process.hrtime.bigint()
await parseAndGenerate(text, 'xmile', { inputVarNames: inputs.map((i) => i.name), outputVarNames: [] }, ['generateJS'], path.dirname(path.resolve(modelFile)), 'model', buildDir)
const genMs = Number(process.hrtime.bigint() - t) / 1e6
const mod = await import(pathToFileURL(path.join(buildDir, 'model.js')).href)
const model = await mod.default()
const runner = createSynchronousModelRunner(model)
const start = model.getInitialTime(), end = model.getFinalTime(), save = model.getSaveFreq()
const outputs = new Outputs(model.outputVarIds, start, end, save)

// default inputs: each parameter's value in the model (read back from a first run)
const names = model.outputVarNames
const base = inputs.map((i) => {
  const k = names.findIndex((n) => n.toLowerCase() === i.name.toLowerCase())
  if (k < 0) throw new Error('input ' + i.name + ' is not an output of the generated model')
  return k
})
let o = runner.runModelSync(inputs.map(() => 0), outputs)
// re-run with the model's own parameter values so the CSV is the unmodified model
const defaults = base.map(() => 0)
{
  // read constants from the generated model listing by evaluating once with NaN-free placeholders
  const src = fs.readFileSync(modelFile, 'utf8')
  inputs.forEach((inp, j) => {
    const m = src.match(new RegExp('<aux name="' + inp.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '">[\\s\\S]*?<eqn>([^<]*)</eqn>'))
    defaults[j] = parseFloat(m[1])
  })
}
o = runner.runModelSync(defaults, outputs)
const rows = []
rows.push(['Time', ...names].map((s) => (/[",]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s)).join(','))
for (let p = 0; p < o.seriesLength; p++) {
  const row = [o.varSeries[0].points[p].x]
  for (const s of o.varSeries) row.push(s.points[p].y)
  rows.push(row.join(','))
}
fs.writeFileSync(outCsv, rows.join('\n') + '\n')

// timing: single runs, then a seeded Monte Carlo batch (mulberry32) on this one JS thread
for (let i = 0; i < 200; i++) runner.runModelSync(defaults, outputs) // warm-up
t = process.hrtime.bigint()
let n = 0
while (Number(process.hrtime.bigint() - t) < 3e9) { runner.runModelSync(defaults, outputs); n++ }
const singleS = Number(process.hrtime.bigint() - t) / 1e9
let seed = 42 >>> 0
const rnd = () => { seed = (seed + 0x6d2b79f5) >>> 0; let x = seed; x = Math.imul(x ^ (x >>> 15), x | 1); x ^= x + Math.imul(x ^ (x >>> 7), x | 61); return ((x ^ (x >>> 14)) >>> 0) / 4294967296 }
t = process.hrtime.bigint()
let sum = 0
const nq = names.findIndex((s) => s === 'NQPF' || s.toLowerCase() === 'nqpf')
for (let r = 0; r < runs; r++) {
  const vals = inputs.map((i) => i.lo + (i.hi - i.lo) * rnd())
  const out = runner.runModelSync(vals, outputs)
  if (nq >= 0) { const pts = out.varSeries[nq].points; let q = pts.length - 1; while (q > 0 && !Number.isFinite(pts[q].y)) q--; sum += pts[q].y }
}
const mcS = Number(process.hrtime.bigint() - t) / 1e9
console.log(JSON.stringify({ generateMs: genMs, outputs: names.length, savePoints: o.seriesLength, singleRunsPerSecond: n / singleS, monteCarloRuns: runs, monteCarloSeconds: mcS, meanFinalNQPF: nq >= 0 ? sum / runs : null }))
