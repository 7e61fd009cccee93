/** Awaits a setup call made through the API and fails the test unless it was 200 or 201. */
export async function expectCreated(response: Promise<{ status: number; body: unknown }>): Promise<any> {
  const { status, body } = await response;
  if (status !== 200 && status !== 201) throw new Error(`setup call failed (${status}): ${JSON.stringify(body)}`);
  return body;
}
