import random, json, sys
# A replay trace of N ops (the first argument, default 100,000): a guest registering, mapping, evicting and freeing scattered buffers (both batch ABIs),
# with host memory events, time steps and state snapshots; at most 32 BOs live at once.
random.seed(7)
lines=['{"op": "mmap", "start": "0x10000000", "size": "1GiB"}']
live=[]
n=0
ops=int(sys.argv[1]) if len(sys.argv) > 1 else 100000
while len(lines) < ops:
    r=random.random()
    if (r<0.2 and len(live) < 32) or not live:
        k=random.randint(1,16)
        starts=random.sample(range(0,4096),k)
        ranges=[{"start": hex(0x10000000+s*0x40000), "size": 8192} for s in starts]
        name=f"h{n}"; n+=1
        va=hex(0x200000000+n*0x100000)
        if random.random()<0.5:
            lines.append(json.dumps({"op":"alloc_batch","gpu_id":1,"va_addr":va,"total_size":8192*k,"ranges":ranges,"flags":["USERPTR","WRITABLE"],"as":name}))
        else:
            lines.append(json.dumps({"op":"alloc","gpu_id":1,"va_addr":va,"size":8192*k,"mmap_offset":"0x7fff00000000","flags":["USERPTR","USERPTR_BATCH"],"ranges":ranges,"as":name}))
        live.append([name,False])
    elif r<0.35:
        h=random.choice(live)
        lines.append(json.dumps({"op":"unmap" if h[1] else "map","handle":"$"+h[0],"devices":[1]})); h[1]=not h[1]
    elif r<0.5:
        h=random.choice(live)
        if h[1]:
            lines.append(json.dumps({"op":"unmap","handle":"$"+h[0],"devices":[1]}))
        lines.append(json.dumps({"op":"free","handle":"$"+h[0]})); live.remove(h)
    elif r<0.7:
        lines.append(json.dumps({"op":"invalidate","start":hex(0x10000000+random.randrange(0,4096)*0x40000),"size":4096}))
    elif r<0.85:
        lines.append(json.dumps({"op":"advance","ns":random.randrange(0,2000000)}))
    elif r<0.95:
        lines.append(json.dumps({"op":"state"}))
    else:
        lines.append(json.dumps({"op":"ioctl","cmd":"0xC0104B29"}))
sys.stdout.write("\n".join(lines[:ops])+"\n")
