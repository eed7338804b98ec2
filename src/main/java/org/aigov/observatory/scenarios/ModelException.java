package org.aigov.observatory.scenarios;

import org.aigov.observatory.kernel.ApiException;

/** A problem in a model, naming the variable concerned (HTTP 422 when it reaches the API). */
public class ModelException extends ApiException {
  public final String variable;

  public ModelException(String variable, String detail) {
    super(422, "Unprocessable Content", variable, detail);
    this.variable = variable;
  }
}
