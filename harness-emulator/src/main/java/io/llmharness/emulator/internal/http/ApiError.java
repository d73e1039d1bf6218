package io.llmharness.emulator.internal.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** An error answered with vLLM's envelope {@code {"error":{message,type,param,code}}}. */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final HttpResponseStatus status;
  final String type;
  final String param;

  ApiError(HttpResponseStatus status, String type, String message, String param) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
  }

  /** 400 {@code BadRequestError}, vLLM's validation error. */
  static ApiError badRequest(String message, String param) {
    return new ApiError(HttpResponseStatus.BAD_REQUEST, "BadRequestError", message, param);
  }

  /** 400 with the HTTP phrase as type, as FastAPI's request-validation handler answers. */
  static ApiError validation(String message) {
    return new ApiError(HttpResponseStatus.BAD_REQUEST, "Bad Request", message, null);
  }

  /** 404 for an unknown model. */
  static ApiError modelNotFound(String model, String param) {
    return new ApiError(
        HttpResponseStatus.NOT_FOUND,
        "NotFoundError",
        "The model `" + model + "` does not exist.",
        param);
  }

  /** 500 {@code Internal server error}, vLLM's answer to {@code finish_reason == "error"}. */
  static ApiError internal() {
    return new ApiError(
        HttpResponseStatus.INTERNAL_SERVER_ERROR,
        "InternalServerError",
        "Internal server error",
        null);
  }
}
