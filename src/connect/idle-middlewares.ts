/**
 * Takes out of a client's stack the SDK middlewares that do work on every call for nothing here
 * (issue 17; `middlewareStack.remove`, public API):
 * - `loggerMiddleware`: the gateway gives the SDK no logger, yet on every call this middleware
 *   copies the input and the output through their sensitive-data filters to hand them to the
 *   SDK's no-op one. The gateway logs each Connect call itself (the completion line).
 * - `recursionDetectionMiddleware`, outside AWS Lambda: it forwards a Lambda invocation's X-Ray
 *   trace ID (`AWS_LAMBDA_FUNCTION_NAME` and `_X_AMZN_TRACE_ID`, read on every call) and finds
 *   none anywhere else. In Lambda it stays.
 * @param env where the Lambda runtime says it is one (`AWS_LAMBDA_FUNCTION_NAME`)
 */
export function removeIdleMiddlewares(
  stack: { remove(name: string): boolean },
  env: NodeJS.ProcessEnv = process.env,
): void {
  stack.remove('loggerMiddleware');
  if (!env.AWS_LAMBDA_FUNCTION_NAME) stack.remove('recursionDetectionMiddleware');
}
