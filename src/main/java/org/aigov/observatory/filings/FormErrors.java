package org.aigov.observatory.filings;

import java.util.List;
import org.aigov.observatory.kernel.ApiException;

/** A filing form with one or more bad fields: 422 listing a message per field. */
public final class FormErrors extends ApiException {
  public record FieldError(String field, String message) {}

  public final List<FieldError> errors;

  public FormErrors(List<FieldError> errors) {
    super(422, "Unprocessable Content", errors.get(0).field(),
        errors.size() + " field(s) need attention: " + errors.get(0).field() + ": " + errors.get(0).message());
    this.errors = List.copyOf(errors);
  }
}
