-- title: Months of data
-- description: Incidents per month and source, with the precision each source records; the dashboard's periods come from here.
-- scope: database
-- order: 90
SELECT month, source, any_value(precision) AS precision, count(*) AS incidents, max(occurred) AS latest
FROM incidents
GROUP BY month, source
ORDER BY month, source
