package org.aigov.observatory.rules;

import org.aigov.observatory.kernel.Text;

/** A correspondence between two duties in different regimes, with the reason it holds. */
public record CrosswalkLink(String id, Obligation a, Obligation b, String relation, Text rationale) {
  Obligation other(Obligation o) {
    return o == a ? b : a;
  }
}
