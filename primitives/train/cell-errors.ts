/**
 * Errors as cells see them. The sandbox passes only an error's name and
 * message into the isolate, so the code goes into the message
 * ("single_class: the target has only one class ..."), where a cell can
 * read it and a person sees it first.
 */

interface CodedError {
  name: string;
  code: string;
  message: string;
}

function isCoded(error: unknown): error is CodedError {
  return error instanceof Error && (error.name === "TrainError" || error.name === "ModelError" || error.name === "DataError")
    && typeof (error as { code?: unknown }).code === "string";
}

/**
 * The error to throw into a cell: coded errors get "code: " before their message.
 * @example
 * try { ... } catch (e) { throw toCellError(e); } // Error { name: "TrainError", message: "single_class: ..." }
 */
export function toCellError(error: unknown): unknown {
  if (!isCoded(error)) return error;
  const cell = new Error(`${error.code}: ${error.message}`);
  cell.name = error.name;
  return cell;
}

/**
 * Wraps a host function so coded errors reach the cell with their code.
 * @example
 * functions: { fit: withCellErrors(async (args, ctx) => ...) }
 */
export function withCellErrors<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toCellError(error);
    }
  };
}
