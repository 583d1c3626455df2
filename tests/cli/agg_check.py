#!/usr/bin/env python3
"""Independent computation of the agg_* CLI golden outputs (run from tests/data):
python3 ../cli/agg_check.py status|tophost|bucket. A line counts if it is a complete
Apache combined line (logmill's parser agrees on this fixture: 9999 of 10000)."""
import re, math, collections, sys, datetime
rx = re.compile(r'^(\S+) \S+ \S+ \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-) "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*"$')
rows = []
for line in open('elastic-apache-combined-2015.log', encoding='latin-1'):
    m = rx.match(line.rstrip('\n'))
    if m:
        t = datetime.datetime.strptime(m.group(2), '%d/%b/%Y:%H:%M:%S %z')
        rows.append(dict(host=m.group(1), time=int(t.timestamp()), path=m.group(3).split(' ')[1] if ' ' in m.group(3) else m.group(3),
                         status=int(m.group(4)), bytes=-1 if m.group(5) == '-' else int(m.group(5))))
iso = lambda s: datetime.datetime.fromtimestamp(s, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
def rank(v, p): v = sorted(v); return v[math.ceil(p * len(v) / 100) - 1]
which = sys.argv[1]
if which == 'status':
    g = collections.defaultdict(list)
    for r in rows: g[r['status']].append(r)
    for s in sorted(g):
        b = [r['bytes'] for r in g[s] if r['bytes'] >= 0]
        print(s, len(g[s]), sum(b), min(b) if b else '-', max(b) if b else '-', '%.2f' % (sum(b) / len(b)) if b else '-',
              len({r['host'] for r in g[s]}), rank(b, 95) if b else '-', sep='\t')
if which == 'tophost':
    g = collections.defaultdict(list)
    for r in rows: g[r['host']].append(r)
    top = sorted(g, key=lambda h: (-sum(max(r['bytes'], 0) for r in g[h]), h))[:5]
    for h in top:
        print('{"host":"%s","sum(bytes)":%d,"count":%d,"max(path)":"%s"}' % (h, sum(max(r['bytes'], 0) for r in g[h]), len(g[h]), max(r['path'] for r in g[h])))
if which == 'bucket':
    g = collections.defaultdict(list)
    for r in rows: g[r['time'] // 21600 * 21600].append(r)
    print('bucket,count,min(time),max(time),p50(time),distinct(path)')
    for b in sorted(g):
        t = [r['time'] for r in g[b]]
        print(iso(b), len(t), iso(min(t)), iso(max(t)), iso(rank(t, 50)), len({r['path'] for r in g[b]}), sep=',')
