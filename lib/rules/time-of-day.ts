// A time of day as forms, documents and columns hold it: "HH:MM" on a wall clock (a silence's weekly window,
// a digest's time), stored as the minute of the day (0..1439). One definition for every place that reads or
// writes one.

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

// "HH:MM" (already checked against TIME_OF_DAY) -> minute of the day.
export const minuteOfDay = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

// Minute of the day -> "HH:MM".
export const timeOfDay = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
