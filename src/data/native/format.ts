/** The native CSV header line; every native file starts with exactly this. */
export const NATIVE_HEADER = 'ts_exch,ts_local,kind,side,price,qty,order_id';
export const NATIVE_FIELDS = ['ts_exch', 'ts_local', 'kind', 'side', 'price', 'qty', 'order_id'] as const;
