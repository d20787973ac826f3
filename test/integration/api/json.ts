/** A response body as JSON, typed loosely: the assertions are what check its shape. */
export async function json(res: Response): Promise<any> {
  return res.json();
}
