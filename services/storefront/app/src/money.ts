// Amounts are integer cents (pricing's and orders' `price` and `total`), in US dollars.
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** `1350` → `$13.50` */
export const formatCents = (cents: number): string => usd.format(cents / 100);
