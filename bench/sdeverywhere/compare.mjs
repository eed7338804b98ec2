// Compares two CSV runs (first column time) on the variables they share, by canonical name.
import fs from 'fs'
const read = (f) => {
  const lines = fs.readFileSync(f, 'utf8').trim().split('\n')
  const split = (l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g).slice(0, -1).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'))
  const head = split(lines[0]).map((h) => h.toLowerCase().replace(/[\s_]+/g, '_'))
  const rows = lines.slice(1).map((l) => split(l).map(Number))
  return { head, rows }
}
const [a, b] = [read(process.argv[2]), read(process.argv[3])]
let missing = 0, shared = 0, values = 0, worst = 0, worstAt = '', pass3 = 0, pass6 = 0
for (let j = 1; j < a.head.length; j++) {
  const k = b.head.indexOf(a.head[j])
  if (k < 1) continue
  shared++
  for (let r = 0; r < Math.min(a.rows.length, b.rows.length); r++) {
    const x = a.rows[r][j], y = b.rows[r][k]
    if (!Number.isFinite(y)) { missing++; continue }
    const rel = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-12)
    values++
    if (rel <= 1e-3 || Math.abs(x - y) < 1e-12) pass3++
    if (rel <= 1e-6 || Math.abs(x - y) < 1e-12) pass6++
    if (rel > worst) { worst = rel; worstAt = a.head[j] + ' at t=' + a.rows[r][0] }
  }
}
console.log(JSON.stringify({ sharedVariables: shared, missingInPeer: missing, values, within1e3: pass3, within1e6: pass6, maxRelativeDifference: worst, worstAt }))
