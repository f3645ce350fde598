/*
 * date.c: record times (date.h).
 */
#include "gitissue/util/date.h"

#include <stdio.h>
#include <string.h>
#include <sys/time.h>

void gi_time_now(char out[32])
{
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + 19, 13, ".%06dZ", (int)(tv.tv_usec % 1000000));
}

void gi_time_after(char out[40], const char *t, long us)
{
	struct tm tm;
	time_t e;
	long frac = 0;

	memset(&tm, 0, sizeof(tm));
	if (!t || sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d.%6ldZ", &tm.tm_year,
			 &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			 &tm.tm_sec, &frac) < 6) {
		gi_time_now(out);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	e = timegm(&tm) + (frac + us) / 1000000;
	frac = (frac + us) % 1000000;
	gmtime_r(&e, &tm);
	strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + 19, 21, ".%06ldZ", frac);
}

void gi_short_time(char *out, size_t size, const char *time)
{
	if (time && size >= 17 && strnlen(time, 16) == 16 && time[10] == 'T') {
		/* what "%.10s %.5s" makes, without printf: a listing of
		 * 10,000 issues spent a tenth of its time here */
		memcpy(out, time, 10);
		out[10] = ' ';
		memcpy(out + 11, time + 11, 5);
		out[16] = '\0';
	} else if (time && strlen(time) >= 16 && time[10] == 'T')
		snprintf(out, size, "%.10s %.5s", time, time + 11);
	else
		snprintf(out, size, "%s", time ? time : "?");
}

int gi_record_epoch(const char *time, time_t *out)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!time || sscanf(time, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year,
			    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			    &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

long gi_age_seconds(const char *time, time_t now)
{
	time_t t;

	if (gi_record_epoch(time, &t) < 0)
		return -1;
	return t > now ? 0 : (long)(now - t);
}

void gi_age(char *out, size_t size, const char *time, time_t now)
{
	gi_age_of(out, size, gi_age_seconds(time, now));
}

void gi_age_of(char *out, size_t size, long s)
{
	if (s < 0)
		snprintf(out, size, "-");
	else if (s < 60)
		snprintf(out, size, "%lds", s);
	else if (s < 3600)
		snprintf(out, size, "%ldm", s / 60);
	else if (s < 86400)
		snprintf(out, size, "%ldh", s / 3600);
	else if (s < 14 * 86400)
		snprintf(out, size, "%ldd", s / 86400);
	else
		snprintf(out, size, "%ldw", s / (7 * 86400));
}
