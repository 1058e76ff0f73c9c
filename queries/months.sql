-- title: Months of data
-- description: Incidents per month and source, with the precision each source records. Months before 1900 or after today are left out (`psg db check` counts them).
-- scope: database
-- order: 90
SELECT month, source, any_value(precision) AS precision, count(*) AS incidents, max(occurred) AS latest
FROM incidents
WHERE month BETWEEN DATE '1900-01-01' AND current_date
GROUP BY month, source
ORDER BY month, source
