import { createConnection } from 'mysql2/promise';

/** Connects to `url`, runs SELECT 1 and returns its value: 1 when the server answers. */
export async function selectOne(url: string): Promise<number> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query('SELECT 1 AS one');
    return (rows as Array<{ one: number }>)[0]!.one;
  } finally {
    await connection.end();
  }
}
