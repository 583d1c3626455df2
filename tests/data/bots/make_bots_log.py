#!/usr/bin/env python3
"""Writes bots-durations.log: one host per suspicion rule, declared bots and
people, every line with a %D duration (microseconds). Deterministic."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"


def line(host, second, path, agent, status=200, size=1000, micros=20000):
    minute, sec = divmod(second, 60)
    hour, minute = divmod(minute, 60)
    stamp = "30/Nov/2026:%02d:%02d:%02d +0000" % (8 + hour, minute, sec)
    return '%s - - [%s] "GET %s HTTP/1.1" %d %d "-" "%s" %d\n' % (
        host, stamp, path, status, size, agent, micros)


out = []
# people: pages with their assets, spread out
for i in range(40):
    host = "198.51.100.%d" % (i % 4 + 1)
    out.append(line(host, i * 30, "/page/%d" % (i % 5), BROWSER, micros=10000 + i * 1000))
    out.append(line(host, i * 30 + 1, "/static/app.css", BROWSER, size=300, micros=500))
# declared bots
for i in range(12):
    out.append(line("203.0.113.7", i * 100, "/page/%d" % i,
                    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                    micros=150000))
for i in range(3):
    out.append(line("203.0.113.8", i * 100, "/feed", "Wget/1.21.3", micros=3000))
# robots.txt
out.append(line("192.0.2.1", 5, "/robots.txt", "Mozilla/5.0 (compatible; Odd/1.0)", size=60,
                micros=800))
out.append(line("192.0.2.1", 6, "/page/1", "Mozilla/5.0 (compatible; Odd/1.0)"))
# empty agent
out.append(line("192.0.2.2", 7, "/page/2", "-", micros=900000))
# many pages, no assets
for i in range(50):
    out.append(line("192.0.2.3", 100 + i * 20, "/article/%d" % i, BROWSER, micros=30000))
# rate: 300 requests in 150 seconds, with assets
for i in range(300):
    out.append(line("192.0.2.4", 1000 + i // 2, "/static/x%d.png" % (i % 3) if i % 2 else "/api",
                    BROWSER, size=200, micros=2000 + i))
out.sort(key=lambda l: l.split("[")[1])
with open(os.path.join(HERE, "bots-durations.log"), "w") as f:
    f.writelines(out)
