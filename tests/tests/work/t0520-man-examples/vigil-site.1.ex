vigil-site -q site.xml && vigil-import site.xml
vigil-site /usr/local/share/vigil/demo/site.xml | less -S
vigil-site -s devices -F csv site.xml | grep ',camera,.*,true,'
vigil-site -s links -F jsonl site.xml
