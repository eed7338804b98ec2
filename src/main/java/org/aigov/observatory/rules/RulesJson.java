package org.aigov.observatory.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Text;

/** The shared mapper, minus Text's derived "empty" property, for this module's output. */
public final class RulesJson {
  abstract static class TextMixin {
    @JsonIgnore
    abstract boolean isEmpty();
  }

  public static final ObjectMapper MAPPER = Json.MAPPER.copy().addMixIn(Text.class, TextMixin.class);

  private RulesJson() {}

  public static String write(Object o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pretty(Object o) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
