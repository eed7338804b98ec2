package org.aigov.observatory.registry;

import java.util.List;
import org.aigov.observatory.kernel.PartialDate;
import org.aigov.observatory.kernel.Text;

final class Fixtures {
  private Fixtures() {}

  static Entry actor(String id, String zh, String en) {
    Entry e = new Entry();
    e.id = id;
    e.kind = "actor";
    e.type = "state";
    e.name = Text.of(zh, en);
    return e;
  }

  static Entry instrument(String id, String type, String zh, String en, String date) {
    Entry e = new Entry();
    e.id = id;
    e.kind = "instrument";
    e.type = type;
    e.name = Text.of(zh, en);
    e.date = date == null ? null : PartialDate.parse(date, "date");
    return e;
  }

  static Entry relation(String type, String source, String target) {
    Entry e = new Entry();
    e.kind = "relation";
    e.type = type;
    e.source = source;
    e.target = target;
    e.papers = List.of(4);
    return e;
  }

  /** A relation with the id the store would give it (for paths that take ids as given). */
  static Entry relationWithId(String type, String source, String target) {
    Entry e = relation(type, source, target);
    e.id = "rel:" + type + ":" + source + ":" + target;
    return e;
  }
}
