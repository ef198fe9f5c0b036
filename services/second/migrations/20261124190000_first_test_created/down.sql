-- 20261124190000_first_test_created: reverts "First test created"
-- migrate-core: data-loss drops table `test`
DROP TABLE `test`;
