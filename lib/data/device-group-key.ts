// Device group names are unique per tenant regardless of case, as in Defender; this is the comparison key.
export const deviceGroupNameKey = (name: string) => name.trim().toLocaleLowerCase('en');
