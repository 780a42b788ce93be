import sys, time, resource
sys.path.insert(0, "benchmarks")
from synthetic_day import synthetic_day
from summarizer.stories import group_articles, find_stories
for n in (100, 1000):
    arts = synthetic_day(n, 10)
    t = time.perf_counter(); groups = group_articles(arts); el = time.perf_counter() - t
    mixed = [g for g in groups if len({a.id.split('-')[0] for a in g}) > 1]
    truth = {}
    for g in groups:
        for a in g: truth.setdefault(a.id.split('-')[0], set()).add(id(g))
    split = sum(1 for v in truth.values() if len(v) > 1)
    print(len(arts), f"{el:.2f}s", "groups", len(groups), "mixed", len(mixed), "split", split)
    for g in mixed[:2]:
        for a in g[:12]: print("   ", a.id, a.title)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024, "MB")
