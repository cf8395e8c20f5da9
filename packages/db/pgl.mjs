import { PGlite } from '@electric-sql/pglite'
let t=Date.now(); const a = await PGlite.create(); console.log('create', Date.now()-t)
await a.exec('create schema x; create table x.t(id int)')
t=Date.now(); const b = await a.clone(); console.log('clone', Date.now()-t)
console.log((await b.query('select count(*) from x.t')).rows)
t=Date.now(); const d = await a.dumpDataDir('none'); console.log('dump', Date.now()-t, d.size)
t=Date.now(); const c = await PGlite.create({loadDataDir: d}); console.log('load', Date.now()-t)
