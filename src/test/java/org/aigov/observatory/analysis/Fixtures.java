package org.aigov.observatory.analysis;

import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.PartialDate;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.registry.Entry;

/** Builders for small hand-made registry graphs. */
final class Fixtures {
  final List<Entry> entries = new ArrayList<>();

  Entry actor(String id, String type, String jurisdiction) {
    Entry e = new Entry();
    e.id = id;
    e.kind = "actor";
    e.type = type;
    e.jurisdiction = jurisdiction;
    e.name = Text.of(null, id);
    entries.add(e);
    return e;
  }

  Entry instrument(String id, String type, String jurisdiction, String date, String... issuers) {
    Entry e = new Entry();
    e.id = id;
    e.kind = "instrument";
    e.type = type;
    e.jurisdiction = jurisdiction;
    e.name = Text.of(null, id);
    e.date = date == null ? null : PartialDate.parse(date);
    e.issuers.addAll(List.of(issuers));
    entries.add(e);
    return e;
  }

  Entry rel(String type, String source, String target) {
    Entry e = new Entry();
    e.id = "rel:" + type + ":" + source + ":" + target;
    e.kind = "relation";
    e.type = type;
    e.source = source;
    e.target = target;
    entries.add(e);
    return e;
  }

  void members(String target, String... sources) {
    for (String s : sources) rel("member_of", s, target);
  }

  Graph graph() {
    return new Graph(entries);
  }
}
