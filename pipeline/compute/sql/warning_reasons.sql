-- warning_reasons: projects per reason
SELECT reason, count(*)::INTEGER AS n
FROM (SELECT unnest(red_reasons || yellow_reasons) AS reason FROM projects) GROUP BY reason
