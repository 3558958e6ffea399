-- Inventory files are YAML (most already are by extension; `.aisrm.yml`
-- and friends are listed so that no other rule claims them). Any other
-- YAML file with a top-level `aisrm:` key is recognised by the plugin when
-- it attaches (see :help aisrm-files).
vim.filetype.add({
  pattern = {
    ['.*%.aisrm%.yaml'] = 'yaml',
    ['.*%.aisrm%.yml'] = 'yaml',
  },
  filename = {
    ['ai-inventory.yaml'] = 'yaml',
    ['ai-inventory.yml'] = 'yaml',
  },
})
